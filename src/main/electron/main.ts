// Entry point of the desktop app (bundled to out/main/index.js); see desktop-app.ts.
import { startDesktopApp } from './desktop-app';

startDesktopApp();
