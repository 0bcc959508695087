import { buildFunctions } from '../../scripts/build-functions';
import { buildFixtureFunctions } from './support/fixtures';

/** Builds the real functions and the test fixtures once for the whole backend run. */
export default async function globalSetup(): Promise<void> {
  await Promise.all([buildFunctions(), buildFixtureFunctions()]);
}
