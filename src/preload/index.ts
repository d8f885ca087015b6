// The sandboxed preload (bundled to out/preload/index.cjs): exposes exactly one object.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('concordat', createBridge(ipcRenderer));
