// Redis Cluster key slots: CRC16 (XMODEM) of the key, or of its {hash tag}, modulo 16384.

const TABLE = Uint16Array.from({ length: 256 }, (_, i) => {
  let crc = i << 8;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  return crc;
});

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) crc = ((crc << 8) & 0xffff) ^ (TABLE[((crc >> 8) ^ b) & 0xff] as number);
  return crc;
}

export function keySlot(key: string | Uint8Array): number {
  const bytes = typeof key === 'string' ? Buffer.from(key) : key;
  const open = bytes.indexOf(0x7b); // {
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1); // }
    if (close > open + 1) return crc16(bytes.subarray(open + 1, close)) % 16384;
  }
  return crc16(bytes) % 16384;
}

/** A key (prefix plus a counter) whose slot falls in the given ranges. */
export function keyInSlots(prefix: string, ranges: Array<[number, number]>, maxTries = 100_000): string {
  for (let i = 0; i < maxTries; i++) {
    const key = `${prefix}${i}`;
    const slot = keySlot(key);
    if (ranges.some(([a, b]) => slot >= a && slot <= b)) return key;
  }
  throw new Error('no key found for those slots');
}
