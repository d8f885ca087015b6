export * from './bridge';
export * from './channels';
export * from './define';
export * from './events';
