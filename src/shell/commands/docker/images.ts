/** Image subcommands: images, history, tag, rmi. */
import { renderHistory, renderImages, renderRmi } from '../../../engine/format/render';
import { EngineError } from '../../../engine/errors';
import { daemonError, flag, getBool, getStr, print, type Subcommand } from './common';

export const images: Subcommand = {
  usage: 'docker images [OPTIONS] [REPOSITORY[:TAG]]',
  description: 'List images',
  flags: [flag.bool('all', 'a', 'Show all images (default hides intermediate images)'), flag.bool('no-trunc', undefined, "Don't truncate output"), flag.bool('quiet', 'q', 'Only show image IDs')],
  args: { max: 1 },
  async run(p, ctx, env) {
    print(ctx, renderImages(await env.api.images(), env.now(), { all: getBool(p, 'all'), quiet: getBool(p, 'quiet'), noTrunc: getBool(p, 'no-trunc'), filter: p.args[0] }));
    return 0;
  },
};

export const history: Subcommand = {
  usage: 'docker history [OPTIONS] IMAGE',
  description: 'Show the history of an image',
  flags: [flag.str('human', 'H', 'Print sizes and dates in human readable format (default true)', 'bool'), flag.bool('no-trunc', undefined, "Don't truncate output"), flag.bool('quiet', 'q', 'Only show image IDs')],
  args: { exactly: 1 },
  async run(p, ctx, env) {
    try {
      const rows = await env.api.history(p.args[0]);
      print(ctx, renderHistory(rows, env.now(), { noTrunc: getBool(p, 'no-trunc'), human: getStr(p, 'human') !== 'false', quiet: getBool(p, 'quiet') }));
      return 0;
    } catch (e) {
      return daemonError(ctx, e);
    }
  },
};

export const tag: Subcommand = {
  usage: 'docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  description: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  flags: [],
  args: { exactly: 2 },
  async run(p, ctx, env) {
    try {
      await env.api.tag(p.args[0], p.args[1]);
      return 0;
    } catch (e) {
      if (e instanceof EngineError && e.code === 'INVALID_REFERENCE') {
        ctx.stderr.write(`Error parsing reference: "${p.args[1]}" is not a valid repository/tag: ${e.message}\n`);
        return 1;
      }
      return daemonError(ctx, e);
    }
  },
};

export const rmi: Subcommand = {
  usage: 'docker rmi [OPTIONS] IMAGE [IMAGE...]',
  description: 'Remove one or more images',
  flags: [flag.bool('force', 'f', 'Force removal of the image'), flag.bool('no-prune', undefined, 'Do not delete untagged parents')],
  args: { min: 1 },
  async run(p, ctx, env) {
    let status = 0;
    for (const ref of p.args) {
      try {
        print(ctx, renderRmi(await env.api.rmi(ref, { force: getBool(p, 'force'), noPrune: getBool(p, 'no-prune') })));
      } catch (e) {
        status = daemonError(ctx, e);
      }
    }
    return status;
  },
};
