/* names.c: which names crit accepts (benchmark ids, baseline names) and how a refused one is
 * shown in a message, so a newline, an escape sequence or a broken UTF-8 byte never reaches a
 * directory name, a JSON file or the terminal. */
#include "names.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (1-4) with its code point in *cp, or 0 when the
 * bytes there are not valid UTF-8 (RFC 3629: shortest form, no surrogates, <= U+10FFFF). */
static size_t utf8_sequence(const unsigned char *s, uint32_t *cp) {
    unsigned char c = s[0];
    size_t n;
    uint32_t min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, min = 0x80, *cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, min = 0x800, *cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, min = 0x10000, *cp = c & 0x07u;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (s[i] & 0x3Fu);
    }
    if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
        return 0;
    return n;
}

static bool is_control(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

const char *crit_name_problem(const char *s, char *buf, size_t cap) {
    const unsigned char *p = (const unsigned char *)s;
    if (*p == '\0')
        return "is empty";
    for (size_t i = 0; p[i] != '\0';) {
        uint32_t cp;
        size_t n = utf8_sequence(p + i, &cp);
        if (n == 0) {
            snprintf(buf, cap, "is not valid UTF-8 (byte 0x%02x at offset %zu)", p[i], i);
            return buf;
        }
        if (is_control(cp)) {
            snprintf(buf, cap, "contains a control character (U+%04X at offset %zu)", (unsigned)cp,
                     i);
            return buf;
        }
        i += n;
    }
    return NULL;
}

char *crit_name_printable(const char *s, char *out, size_t cap) {
    const unsigned char *p = (const unsigned char *)s;
    size_t k = 0;
    for (size_t i = 0; p[i] != '\0';) {
        char piece[8];
        uint32_t cp;
        size_t n = utf8_sequence(p + i, &cp);
        size_t len;
        if (n == 0 || is_control(cp)) {
            n = 1;
            len = (size_t)snprintf(piece, sizeof piece, "\\x%02x", p[i]);
        } else if (p[i] == '\\') {
            len = 2, memcpy(piece, "\\\\", 2);
        } else {
            len = n, memcpy(piece, p + i, n);
        }
        if (k + len + 4 > cap) { /* room for "..." and the NUL */
            memcpy(out + k, "...", 3);
            k += 3;
            break;
        }
        memcpy(out + k, piece, len);
        k += len;
        i += n;
    }
    out[k] = '\0';
    return out;
}
