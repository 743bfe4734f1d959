/** Builds the playground's front-end before the end-to-end projects run (skipped when up to date). */
import { buildPlayground } from '../../playground/build.js';

export default async function setup(): Promise<void> {
  await buildPlayground();
}
