/**
 * The runtime values the UI needs from the contract, in one place. They come from the zod-free
 * src/shared/constants.ts so the schema library stays out of the renderer bundle.
 */
import { apiDomainChoices, apiDomains, appKinds, invalidatingLanes, isSimulatorProfile, isValidAppid, jssdkKinds, tokenLanes } from '../../contract/constants';
import type { ApiDomain, TokenLane } from '../../contract/constants';

export { apiDomains, appKinds, isSimulatorProfile, jssdkKinds, tokenLanes };

export const domainChoices: readonly ApiDomain[] = apiDomainChoices;

export const isInvalidatingLane = (lane: TokenLane): boolean => invalidatingLanes.includes(lane);

/** Same rule main enforces; the UI checks it live so the user sees the problem while typing. */
export { isValidAppid };
