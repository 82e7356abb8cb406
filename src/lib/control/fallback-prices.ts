// The price table shipped with memctl, used when the AWS Price List API cannot be reached and no
// cached answer of it covers what is asked. It holds only prices taken from AWS's published prices
// with the date they were recorded; `node scripts/fallback-prices.mjs` (network and AWS
// credentials needed) rebuilds it from the Price List API for the common regions and every node
// type memctl knows. Anything it lacks is reported as not priced, never guessed.
import type { PriceTable } from './pricing.js';

export const FALLBACK_PRICES: PriceTable = {
  date: '2024-07-01',
  source: 'price table shipped with memctl',
  nodes: {
    elasticache: {
      'us-east-1': {
        'cache.m4.large/redis': { onDemand: 0.156 },
        'cache.r5.4xlarge/redis': { onDemand: 1.724 },
        'cache.m6g.12xlarge/redis': { onDemand: 3.557, reserved1y: 2.428 },
      },
    },
  },
  snapshotPerGBMonth: { elasticache: { 'us-east-1': 0.085 } },
};
