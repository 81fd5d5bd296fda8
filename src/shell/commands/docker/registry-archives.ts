import type { Subcommand } from './common';
import { exportCmd, importCmd, load, save } from './archives';

export const archives: Record<string, Subcommand> = { save, load, export: exportCmd, import: importCmd };
