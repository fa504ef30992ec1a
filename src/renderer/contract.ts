/**
 * The runtime values the UI needs from the contract, in one place.
 *
 * TODO(lead): src/shared/api.ts imports zod at module level, so importing these from it pulls
 * zod (and the schemas) into the renderer bundle. Once they move to a zod-free shared module,
 * only the import below changes.
 */
import { apiDomains, appidSchema, appKinds, invalidatingLanes, tokenLanes } from '../shared/api';
import type { ApiDomain, TokenLane } from '../shared/api';

export { apiDomains, appKinds, tokenLanes };

export const domainChoices: readonly ApiDomain[] = [...(Object.keys(apiDomains) as (keyof typeof apiDomains)[]), 'custom'];

export const isInvalidatingLane = (lane: TokenLane): boolean => invalidatingLanes.includes(lane);

/** Same rule main enforces; the UI checks it live so the user sees the problem while typing. */
export const isValidAppid = (value: string): boolean => appidSchema.safeParse(value).success;
