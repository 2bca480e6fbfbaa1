// Reading words at any even byte offset through 16-byte texel fetches (CPU-shaped kernels on
// lavapipe). Expects FETCH16(byteOffset): the uvec4 at a 16-byte-aligned offset. A window may
// reach up to 47 bytes past its start, so past a tensor's last block; the engine enables robust
// buffer access on CPU devices, which makes such texels read as zeros (and they are unused).

// Nine words starting at an even byte offset, from the three texels around them: blocks of
// 34 (Q8_0) or 210 (Q6_K) bytes start at any even byte, and the window is shifted so that
// w[0] holds the bytes at `start`.
void wordsAt(uint start, out uint w[9]) {
    const uint t = start >> 4, off = start & 15u;
    const uvec4 a = FETCH16(t * 16u), b = FETCH16(t * 16u + 16u), c = FETCH16(t * 16u + 32u);
    uint v[12] = uint[12](a.x, a.y, a.z, a.w, b.x, b.y, b.z, b.w, c.x, c.y, c.z, c.w);
    const uint words = off >> 2;
    if ((words & 1u) != 0u) {
        [[unroll]] for (uint i = 0; i < 11u; ++i) v[i] = v[i + 1u];
    }
    if ((words & 2u) != 0u) {
        [[unroll]] for (uint i = 0; i < 10u; ++i) v[i] = v[i + 2u];
    }
    const bool oddHalf = (off & 2u) != 0u;
    [[unroll]] for (uint i = 0; i < 9u; ++i) w[i] = oddHalf ? (v[i] >> 16) | (v[i + 1u] << 16) : v[i];
}

// The 16 bits at an even byte offset (never split across texels).
uint halfWordAt(uint byteOffset) {
    return (FETCH16(byteOffset & ~15u)[(byteOffset >> 2) & 3u] >> ((byteOffset & 2u) * 8u)) & 0xFFFFu;
}

// Word q of the quants, when they start `halfWords` 16-bit units into the window.
uint quantWord(uint w[9], uint q, uint halfWords) {
    return (halfWords & 1u) != 0u ? (w[q + halfWords / 2u] >> 16) | (w[q + halfWords / 2u + 1u] << 16)
                                  : w[q + halfWords / 2u];
}

// Four fifth bits (bits 0-3 of `bits`) moved to bit 4 of each byte.
uint fifthBitsOf(uint bits) {
    return ((bits & 1u) | ((bits & 2u) << 7) | ((bits & 4u) << 14) | ((bits & 8u) << 21)) << 4;
}
