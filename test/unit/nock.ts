import nock from 'nock';

/**
 * Strict nock for the file or describe it is called in: no request may leave the process
 * (only loopback, where a test runs its own real server, when `loopback` is set), and no mock
 * carries over into the next test.
 */
export function setUpNock({ loopback = false }: { loopback?: boolean } = {}): void {
	beforeAll(() => {
		nock.disableNetConnect();
		if (loopback) nock.enableNetConnect('127.0.0.1');
	});
	afterEach(() => nock.cleanAll());
	afterAll(() => nock.enableNetConnect());
}
