/**
 * Runs once before the browser tests: makes sure Debian's Chromium is installed (installing it
 * with apt-get when it is not), so a fresh machine or CI runner needs no manual step.
 */
import { ensureChromium } from './chromium';

export default function globalSetup(): void {
	ensureChromium();
}
