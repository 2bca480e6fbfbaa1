// Byte-addressed little-endian reads from a uint[] storage buffer. Quant blocks are 2-byte
// aligned at best (Q4_0 is 18 bytes), so a 32-bit read may straddle two words.
// Before including, define BYTES as the name of the uint[] array to read, or BYTES_WORD(i) as an
// expression giving word i (e.g. a texel fetch from an R32UI texel buffer).
#if !defined(BYTES_WORD)
#define BYTES_WORD(i) BYTES[i]
#endif

uint readU32(uint byteOffset) {
    const uint w = byteOffset >> 2;
    if ((byteOffset & 3u) == 0u) return BYTES_WORD(w);
    const uint shift = (byteOffset & 3u) * 8u;
    return (BYTES_WORD(w) >> shift) | (BYTES_WORD(w + 1u) << (32u - shift));
}

uint readU16(uint byteOffset) {
    return (BYTES_WORD(byteOffset >> 2) >> ((byteOffset & 2u) * 8u)) & 0xFFFFu;
}

uint readU8(uint byteOffset) {
    return (BYTES_WORD(byteOffset >> 2) >> ((byteOffset & 3u) * 8u)) & 0xFFu;
}

float readHalf(uint byteOffset) { return unpackHalf2x16(readU16(byteOffset)).x; }

// The four bytes of a word as unsigned values, lowest byte first.
uvec4 bytesOf(uint w) { return uvec4(w & 0xFFu, (w >> 8) & 0xFFu, (w >> 16) & 0xFFu, w >> 24); }
// The four bytes of a word as signed 8-bit values.
vec4 signedBytesOf(uint w) { return vec4(ivec4(w << 24, w << 16, w << 8, w) >> 24); }
