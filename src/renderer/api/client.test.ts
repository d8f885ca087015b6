import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../test/fake-transport';
import { createClient, RpcError } from './client';
import type { Transport } from './transport';

describe('createClient', () => {
  it('returns the parsed value of a successful call', async () => {
    const client = createClient(new FakeTransport());
    await expect(client.call('app.info', {})).resolves.toEqual({
      name: 'Concordat',
      version: '0.1.0',
      mode: 'browser',
    });
  });

  it('throws an RpcError with the code, message and issues of a refusal', async () => {
    const transport = new FakeTransport();
    transport.failNext('catalog.get', {
      code: 'NOT_FOUND',
      message: 'No such dataset.',
      issues: [{ path: 'id', message: 'Unknown' }],
    });
    const error: unknown = await createClient(transport)
      .call('catalog.get', { id: 'x' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No such dataset.',
      issues: [{ path: 'id', message: 'Unknown' }],
    });
  });

  it('refuses a reply that does not match the contract', async () => {
    const transport: Transport = {
      invoke: () => Promise.resolve({ ok: true, value: { name: 'Other' } }),
      onEvent: () => () => undefined,
    };
    await expect(createClient(transport).call('app.info', {})).rejects.toMatchObject({
      code: 'INTERNAL',
    });
  });
});
