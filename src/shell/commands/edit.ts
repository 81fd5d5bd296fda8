/** `edit FILE` (and `vi`, `nano`): open a file in the editor pane when there is one. */
import type { Command } from './types';

export const edit: Command = async (ctx, env) => {
  const name = ctx.args[0];
  const file = ctx.args.slice(1).find((a) => !a.startsWith('-'));
  if (!file) {
    ctx.stderr.write(`${name}: usage: ${name} FILE\n`);
    return 2;
  }
  const path = file.startsWith('/') ? file : `${ctx.cwd}/${file}`;
  if (env.session?.openEditor?.(path)) return 0;
  ctx.stderr.write(`${name}: the editor pane is not available in this version of Layerlab; change files with echo, printf, sed or cat > FILE <<EOF\n`);
  return 1;
};
