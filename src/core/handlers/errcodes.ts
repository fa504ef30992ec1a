/** The built-in errcode table: one code, or a search over all of them. */
import type { FeatureHandlers } from '../../contract/schema';
import { lookupErrcode, searchErrcodes } from '../errcodes';

export function createErrcodeHandlers(): FeatureHandlers<'errcodes'> {
  return {
    lookupErrcode: async ({ code }) => lookupErrcode(code),
    searchErrcodes: async ({ query, limit }) => searchErrcodes(query, limit),
  };
}
