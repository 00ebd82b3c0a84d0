/*
 * test_bad_inputs.c: the bad-input catalogue (tests/data/bad_inputs/cases.json, generated and
 * replayed in Rust by tests/bad_inputs.rs) replayed through the C API.
 *
 *     test_bad_inputs CASES_JSON [--only=SUBSTRING]
 *
 * Every case calls one entry point with bad arguments (routed to the C function named in the
 * catalogue's `about`) and must fail with its kind's status (`kinds`; `parse` is
 * JIESU_STATUS_INVALID_TOML for the `_toml` entries, JIESU_STATUS_INVALID_JSON otherwise).
 * For each case this program checks that:
 *   1. the status is the expected one, and *err receives an error object with that code and a
 *      non-empty message (a mismatch prints id, entry, got/expected and the message; the run
 *      goes on and fails at the end with the count);
 *   2. the out-parameters keep their sentinels;
 *   3. the input buffers are unchanged (compared with copies; they are passed as heap copies
 *      of exactly `len` bytes, without a NUL terminator, so that an over-read is caught by
 *      valgrind and ASan);
 *   4. with `verify`: jiesu_ticket_verify on the events says `"intact":true`, or reports that
 *      problem kind;
 *   5. the message contains each text of `message_has` (a duplicate key and its path) and none
 *      of `message_hides` (a requester's personal data, R-PRIV-1);
 * and, at the end, that the shared default engine and built-in CN calendar give the same
 * answers as before the cases.
 *
 * The calendar entries take int32_t in C: a case whose integer does not fit cannot be
 * expressed there and is skipped as "not representable" (listed; any other skip is a
 * failure). --only runs only the cases whose id contains SUBSTRING.
 *
 * The catalogue is read by the small JSON reader below (objects, arrays, strings with every
 * escape, \uXXXX surrogate pairs to UTF-8, integers as int64, true/false/null).
 */
#include "jiesu.h"
#include "check.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------ */
/* A small JSON reader.                                                                       */

enum jtype { J_NULL, J_BOOL, J_INT, J_NUM, J_STR, J_ARR, J_OBJ };

typedef struct jval jval;
typedef struct jmember jmember;
struct jval {
    enum jtype type;
    bool b;        /* J_BOOL */
    int64_t i;     /* J_INT */
    double d;      /* J_NUM (a fraction, an exponent, or an integer beyond int64) */
    char *s;       /* J_STR: len bytes (may hold NUL) and a terminating NUL */
    size_t len;    /* J_STR */
    jval *items;   /* J_ARR: n items */
    jmember *mem;  /* J_OBJ: n members, in file order */
    size_t n;
};
struct jmember {
    char *key;
    size_t klen;
    jval val;
};

enum { JSON_MAX_DEPTH = 128 };

typedef struct {
    const char *p, *begin, *end;
    int depth;
    char err[160];
} jparser;

static void jfree(jval *v) {
    if (!v) return;
    switch (v->type) {
    case J_STR:
        free(v->s);
        break;
    case J_ARR:
        for (size_t k = 0; k < v->n; k++) jfree(&v->items[k]);
        free(v->items);
        break;
    case J_OBJ:
        for (size_t k = 0; k < v->n; k++) {
            free(v->mem[k].key);
            jfree(&v->mem[k].val);
        }
        free(v->mem);
        break;
    default:
        break;
    }
    memset(v, 0, sizeof *v);
}

static bool jfail(jparser *ps, const char *what) {
    if (!ps->err[0]) snprintf(ps->err, sizeof ps->err, "%s at byte %zu", what, (size_t)(ps->p - ps->begin));
    return false;
}

static void jspace(jparser *ps) {
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) ps->p++;
}

/* UTF-8 as RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF. */
static bool utf8_valid(const unsigned char *s, size_t len, size_t *bad) {
    size_t k = 0;
    while (k < len) {
        unsigned c = s[k];
        size_t n;
        unsigned min, cp;
        if (c < 0x80) {
            k++;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            n = 1, min = 0x80, cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2, min = 0x800, cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3, min = 0x10000, cp = c & 0x07;
        } else {
            *bad = k;
            return false;
        }
        if (len - k <= n) {
            *bad = k;
            return false;
        }
        for (size_t j = 1; j <= n; j++) {
            if ((s[k + j] & 0xc0) != 0x80) {
                *bad = k;
                return false;
            }
            cp = (cp << 6) | (s[k + j] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            *bad = k;
            return false;
        }
        k += n + 1;
    }
    return true;
}

static int hex4(const char *p) {
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else return -1;
    }
    return v;
}

static size_t put_utf8(char *o, uint32_t cp) {
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    } else if (cp < 0x800) {
        o[0] = (char)(0xc0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    } else if (cp < 0x10000) {
        o[0] = (char)(0xe0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* A string at ps->p (the opening quote): *out (heap, NUL-terminated) and *len. The decoded
 * text is never longer than its source (an escape of 2, 6 or 12 bytes gives 1 to 4), so one
 * allocation of the source's length is enough. */
static bool jstring(jparser *ps, char **out, size_t *len) {
    if (ps->p >= ps->end || *ps->p != '"') return jfail(ps, "expected a string");
    const char *q = ++ps->p;
    while (q < ps->end && *q != '"') q += (*q == '\\' && q + 1 < ps->end) ? 2 : 1;
    if (q >= ps->end) return jfail(ps, "unterminated string");
    char *o = malloc((size_t)(q - ps->p) + 1);
    if (!o) return jfail(ps, "out of memory");
    size_t n = 0;
    while (ps->p < q) {
        unsigned char c = (unsigned char)*ps->p;
        if (c < 0x20) {
            free(o);
            return jfail(ps, "control character in a string");
        }
        if (c != '\\') {
            o[n++] = (char)c;
            ps->p++;
            continue;
        }
        char e = ps->p[1]; /* ps->p + 1 < q: a backslash never ends the span */
        ps->p += 2;
        switch (e) {
        case '"': o[n++] = '"'; break;
        case '\\': o[n++] = '\\'; break;
        case '/': o[n++] = '/'; break;
        case 'b': o[n++] = '\b'; break;
        case 'f': o[n++] = '\f'; break;
        case 'n': o[n++] = '\n'; break;
        case 'r': o[n++] = '\r'; break;
        case 't': o[n++] = '\t'; break;
        case 'u': {
            int u = q - ps->p >= 4 ? hex4(ps->p) : -1;
            if (u < 0) {
                free(o);
                return jfail(ps, "bad \\u escape");
            }
            ps->p += 4;
            uint32_t cp = (uint32_t)u;
            if (cp >= 0xdc00 && cp <= 0xdfff) {
                free(o);
                return jfail(ps, "lone low surrogate");
            }
            if (cp >= 0xd800 && cp <= 0xdbff) {
                int lo = (q - ps->p >= 6 && ps->p[0] == '\\' && ps->p[1] == 'u') ? hex4(ps->p + 2) : -1;
                if (lo < 0xdc00 || lo > 0xdfff) {
                    free(o);
                    return jfail(ps, "lone high surrogate");
                }
                ps->p += 6;
                cp = 0x10000 + ((cp - 0xd800) << 10) + ((uint32_t)lo - 0xdc00);
            }
            n += put_utf8(o + n, cp);
            break;
        }
        default:
            free(o);
            return jfail(ps, "bad escape");
        }
    }
    ps->p = q + 1;
    o[n] = '\0';
    *out = o;
    *len = n;
    return true;
}

static bool jnumber(jparser *ps, jval *v) {
    const char *s = ps->p, *p = s;
    bool neg = false, integral = true;
    if (p < ps->end && *p == '-') neg = true, p++;
    if (p >= ps->end || *p < '0' || *p > '9') return jfail(ps, "bad number");
    if (*p == '0') p++;
    else
        while (p < ps->end && *p >= '0' && *p <= '9') p++;
    if (p < ps->end && *p == '.') {
        integral = false, p++;
        if (p >= ps->end || *p < '0' || *p > '9') return jfail(ps, "bad fraction");
        while (p < ps->end && *p >= '0' && *p <= '9') p++;
    }
    if (p < ps->end && (*p == 'e' || *p == 'E')) {
        integral = false, p++;
        if (p < ps->end && (*p == '+' || *p == '-')) p++;
        if (p >= ps->end || *p < '0' || *p > '9') return jfail(ps, "bad exponent");
        while (p < ps->end && *p >= '0' && *p <= '9') p++;
    }
    ps->p = p;
    if (integral) {
        /* Accumulated negatively, so that INT64_MIN fits. */
        int64_t acc = 0;
        bool overflow = false;
        for (const char *d = s + neg; d < p && !overflow; d++) {
            int digit = *d - '0';
            if (acc < (INT64_MIN + digit) / 10) overflow = true;
            else acc = acc * 10 - digit;
        }
        if (!overflow && (neg || acc != INT64_MIN)) {
            v->type = J_INT;
            v->i = neg ? acc : -acc;
            return true;
        }
    }
    char buf[64];
    size_t n = (size_t)(p - s);
    if (n >= sizeof buf) return jfail(ps, "number too long");
    memcpy(buf, s, n);
    buf[n] = '\0';
    v->type = J_NUM;
    v->d = strtod(buf, NULL);
    return true;
}

static bool jvalue(jparser *ps, jval *v);

static bool jarray(jparser *ps, jval *v) {
    size_t cap = 0;
    v->type = J_ARR;
    ps->p++;
    jspace(ps);
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        return true;
    }
    for (;;) {
        if (v->n == cap) {
            cap = cap ? 2 * cap : 4;
            jval *items = realloc(v->items, cap * sizeof *items);
            if (!items) return jfail(ps, "out of memory");
            v->items = items;
        }
        memset(&v->items[v->n], 0, sizeof v->items[0]);
        v->n++; /* counted before parsing, so that jfree sees a partial value */
        if (!jvalue(ps, &v->items[v->n - 1])) return false;
        jspace(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == ']') {
            ps->p++;
            return true;
        }
        return jfail(ps, "expected , or ] in an array");
    }
}

static bool jobject(jparser *ps, jval *v) {
    size_t cap = 0;
    v->type = J_OBJ;
    ps->p++;
    jspace(ps);
    if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        return true;
    }
    for (;;) {
        if (v->n == cap) {
            cap = cap ? 2 * cap : 4;
            jmember *mem = realloc(v->mem, cap * sizeof *mem);
            if (!mem) return jfail(ps, "out of memory");
            v->mem = mem;
        }
        jmember *m = &v->mem[v->n];
        memset(m, 0, sizeof *m);
        v->n++;
        jspace(ps);
        if (!jstring(ps, &m->key, &m->klen)) return false;
        jspace(ps);
        if (ps->p >= ps->end || *ps->p != ':') return jfail(ps, "expected : in an object");
        ps->p++;
        if (!jvalue(ps, &m->val)) return false;
        jspace(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == '}') {
            ps->p++;
            return true;
        }
        return jfail(ps, "expected , or } in an object");
    }
}

static bool jliteral(jparser *ps, const char *word) {
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) return jfail(ps, "unexpected character");
    ps->p += n;
    return true;
}

static bool jvalue(jparser *ps, jval *v) {
    memset(v, 0, sizeof *v);
    jspace(ps);
    if (ps->p >= ps->end) return jfail(ps, "unexpected end of input");
    if (++ps->depth > JSON_MAX_DEPTH) return jfail(ps, "nested too deeply");
    bool ok;
    switch (*ps->p) {
    case '{': ok = jobject(ps, v); break;
    case '[': ok = jarray(ps, v); break;
    case '"':
        v->type = J_STR;
        ok = jstring(ps, &v->s, &v->len);
        break;
    case 't':
        v->type = J_BOOL, v->b = true;
        ok = jliteral(ps, "true");
        break;
    case 'f':
        v->type = J_BOOL;
        ok = jliteral(ps, "false");
        break;
    case 'n': ok = jliteral(ps, "null"); break;
    default: ok = jnumber(ps, v); break;
    }
    ps->depth--;
    return ok;
}

/* Parses exactly `len` bytes of JSON into *v; on failure *v is empty and err says why. */
static bool json_parse(const char *text, size_t len, jval *v, char *err, size_t errsize) {
    jparser ps = {text, text, text + len, 0, {0}};
    size_t bad = 0;
    memset(v, 0, sizeof *v);
    if (!utf8_valid((const unsigned char *)text, len, &bad)) {
        snprintf(err, errsize, "invalid UTF-8 at byte %zu", bad);
        return false;
    }
    bool ok = jvalue(&ps, v);
    if (ok) {
        jspace(&ps);
        if (ps.p != ps.end) ok = jfail(&ps, "trailing characters");
    }
    if (!ok) {
        jfree(v);
        snprintf(err, errsize, "%s", ps.err);
    }
    return ok;
}

static const jval *jget(const jval *obj, const char *key) {
    if (!obj || obj->type != J_OBJ) return NULL;
    size_t kl = strlen(key);
    for (size_t k = 0; k < obj->n; k++)
        if (obj->mem[k].klen == kl && memcmp(obj->mem[k].key, key, kl) == 0) return &obj->mem[k].val;
    return NULL;
}

static const char *jstr(const jval *obj, const char *key) {
    const jval *v = jget(obj, key);
    return v && v->type == J_STR ? v->s : NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* The self-test of the reader (run first: a reader bug must not pass for a library bug).     */

static void test_reader(void) {
    char err[160];
    jval v;
    const char *doc = "{\"a\": [1, -9223372036854775808, 9223372036854775807, 1.5e3, true, false, null],"
                      " \"s\": \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u6c5f\\ud83d\\ude00\\u0000y\", \"o\": {}, \"e\": []}";
    CHECK(json_parse(doc, strlen(doc), &v, err, sizeof err));
    const jval *a = jget(&v, "a");
    CHECK(a && a->type == J_ARR && a->n == 7);
    if (a && a->n == 7) {
        CHECK(a->items[0].type == J_INT && a->items[0].i == 1);
        CHECK(a->items[1].type == J_INT && a->items[1].i == INT64_MIN);
        CHECK(a->items[2].type == J_INT && a->items[2].i == INT64_MAX);
        CHECK(a->items[3].type == J_NUM && a->items[3].d == 1500.0);
        CHECK(a->items[4].type == J_BOOL && a->items[4].b && a->items[5].type == J_BOOL && !a->items[5].b);
        CHECK(a->items[6].type == J_NULL);
    }
    const jval *s = jget(&v, "s");
    const char want[] = "x\"\\/\b\f\n\r\t\xc3\xa9\xe6\xb1\x9f\xf0\x9f\x98\x80\0y";
    CHECK(s && s->type == J_STR && s->len == sizeof want - 1 && memcmp(s->s, want, s->len) == 0);
    CHECK(jget(&v, "o") && jget(&v, "o")->type == J_OBJ && jget(&v, "e")->n == 0 && !jget(&v, "zz"));
    jfree(&v);
    /* Refused, without leaks (valgrind and ASan check the partial values are freed). */
    const char *bad[] = {"", "[1,", "[1 2]", "{\"a\" 1}", "{\"a\":1,}", "\"\\ud800\"", "\"\\ude00\"", "\"\\ud800\\u0041\"",
                         "\"\\x\"", "\"abc", "\"a\nb\"", "01", "-", "1.", "1e", "[1] x", "tru", "\"\xff\"",
                         "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "{\"a\":[{\"b\":[1,{\"c\":\"\\u12\"}]}]}",
                         /* too long for the number buffer */ "99999999999999999999999999999999999999999999999999999999999999999"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        bool ok = json_parse(bad[k], strlen(bad[k]), &v, err, sizeof err);
        if (ok) fprintf(stderr, "the reader accepted %s\n", bad[k]);
        CHECK(!ok && err[0]);
        if (ok) jfree(&v);
    }
    char deep[2 * JSON_MAX_DEPTH + 4];
    memset(deep, '[', JSON_MAX_DEPTH + 1);
    memset(deep + JSON_MAX_DEPTH + 1, ']', JSON_MAX_DEPTH + 1);
    CHECK(!json_parse(deep, 2 * JSON_MAX_DEPTH + 2, &v, err, sizeof err) && strstr(err, "deeply"));
    CHECK(json_parse(deep + 1, 2 * JSON_MAX_DEPTH, &v, err, sizeof err));
    jfree(&v);
}

/* ------------------------------------------------------------------------------------------ */
/* The catalogue.                                                                              */

static const jval *fixtures; /* top-level "fixtures": name -> JSON text of an event array */
static const jval *kinds;    /* top-level "kinds": kind -> C status name */

/* A text argument: one part or an array of parts. Returns a heap buffer of exactly *len bytes
 * (no NUL terminator; at least 1 byte allocated), or NULL with why. */
static char *text_arg(const jval *v, size_t *len, char *why, size_t whysize) {
    const jval *parts = v;
    size_t nparts = 1;
    if (v->type == J_ARR) parts = v->items, nparts = v->n;
    size_t total = 0;
    for (int pass = 0; pass < 2; pass++) {
        char *buf = NULL;
        if (pass == 1) {
            buf = malloc(total ? total : 1);
            if (!buf) {
                snprintf(why, whysize, "out of memory (%zu bytes)", total);
                return NULL;
            }
        }
        size_t at = 0;
        for (size_t k = 0; k < nparts; k++) {
            const jval *p = &parts[k];
            const char *src = NULL;
            size_t n = 0, times = 1;
            if (p->type == J_STR) {
                src = p->s, n = p->len;
            } else if (p->type == J_OBJ && jget(p, "repeat")) {
                const jval *r = jget(p, "repeat"), *t = jget(p, "times");
                if (r->type != J_STR || !t || t->type != J_INT || t->i < 0 || (uint64_t)t->i > SIZE_MAX) {
                    snprintf(why, whysize, "bad repeat part");
                    free(buf);
                    return NULL;
                }
                src = r->s, n = r->len, times = (size_t)t->i;
            } else if (p->type == J_OBJ && jstr(p, "fixture")) {
                const jval *f = jget(fixtures, jstr(p, "fixture"));
                if (!f || f->type != J_STR) {
                    snprintf(why, whysize, "no fixture %s", jstr(p, "fixture"));
                    free(buf);
                    return NULL;
                }
                src = f->s, n = f->len;
            } else {
                snprintf(why, whysize, "bad text part");
                free(buf);
                return NULL;
            }
            if (pass == 0) {
                /* Bounded: 64 MiB in all (the catalogue goes up to 10 MB per text). */
                if (n && times > ((size_t)64 << 20) / n) {
                    snprintf(why, whysize, "text too long");
                    return NULL;
                }
                total += n * times;
                if (total > ((size_t)64 << 20)) {
                    snprintf(why, whysize, "text too long");
                    return NULL;
                }
            } else {
                for (size_t t = 0; t < times; t++, at += n) memcpy(buf + at, src, n);
            }
        }
        if (pass == 1) {
            *len = total;
            return buf;
        }
    }
    return NULL; /* not reached */
}

/* ------------------------------------------------------------------------------------------ */
/* Running a case.                                                                             */

static jiesu_engine *dflt; /* the shared default engine */
static jiesu_calendar *cn; /* the shared built-in CN calendar */
static const int64_t NOW_2026_12_31 = 1798646400; /* 2026-12-31T00:00:00+08:00: after every fixture */
static const char *VALID_OPTIONS = "{\"period\":{\"from\":\"2026-03-01T00:00:00+08:00\",\"to\":\"2026-04-01T00:00:00+08:00\"}}";

enum { MAX_INPUTS = 6 };
typedef struct {
    const jval *c;
    const char *id, *entry;
    jiesu_status want;
    bool bad;     /* the case failed */
    bool skipped; /* not representable in C */
    /* The buffers handed to the library, with copies to compare afterwards. */
    struct {
        char *buf, *copy;
        size_t len;
        const char *name;
    } in[MAX_INPUTS];
    int nin;
} run;

static void fail(run *r, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "FAIL %s (%s): ", r->id, r->entry);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    r->bad = true;
}

/* A text argument as an input buffer (owned by r, freed after the case), or NULL (the case
 * has failed). */
static char *input(run *r, const char *name, size_t *len) {
    const jval *args = jget(r->c, "args");
    const jval *v = jget(args, name);
    char why[160];
    if (!v) {
        fail(r, "no argument %s", name);
        return NULL;
    }
    if (r->nin == MAX_INPUTS) abort();
    char *buf = text_arg(v, len, why, sizeof why);
    if (!buf) {
        fail(r, "argument %s: %s", name, why);
        return NULL;
    }
    char *copy = malloc(*len ? *len : 1);
    if (!copy) abort();
    memcpy(copy, buf, *len);
    r->in[r->nin].buf = buf;
    r->in[r->nin].copy = copy;
    r->in[r->nin].len = *len;
    r->in[r->nin].name = name;
    r->nin++;
    return buf;
}

/* `prefix` + text argument + `suffix`, as one input buffer. */
static char *input_wrapped(run *r, const char *name, const char *prefix, const char *suffix, size_t *len) {
    size_t n;
    char *t = input(r, name, &n);
    if (!t) return NULL;
    size_t lp = strlen(prefix), ls = strlen(suffix);
    char *buf = malloc(lp + n + ls), *copy = malloc(lp + n + ls);
    if (!buf || !copy) abort();
    memcpy(buf, prefix, lp);
    memcpy(buf + lp, t, n);
    memcpy(buf + lp + n, suffix, ls);
    memcpy(copy, buf, lp + n + ls);
    /* Replaces the plain argument (it is not passed). */
    free(r->in[r->nin - 1].buf);
    free(r->in[r->nin - 1].copy);
    r->in[r->nin - 1].buf = buf;
    r->in[r->nin - 1].copy = copy;
    r->in[r->nin - 1].len = *len = lp + n + ls;
    return buf;
}

/* The engine of a case's optional `limits` argument (NULL in *out without one): false, the
 * case failed, when the engine does not build. */
static bool limits_engine(run *r, jiesu_engine **out) {
    size_t len;
    *out = NULL;
    if (!jget(jget(r->c, "args"), "limits")) return true;
    char *cfg = input_wrapped(r, "limits", "{\"schema_version\":1,\"limits\":", "}", &len);
    if (!cfg) return false;
    jiesu_error *cerr = NULL;
    if (jiesu_engine_new(cfg, len, out, &cerr) != JIESU_STATUS_OK) {
        fail(r, "the engine with these limits does not build: %s", jiesu_error_message(cerr));
        jiesu_error_free(cerr);
        return false;
    }
    return true;
}


/* A NUL-terminated text argument (calendar_builtin's name). */
static char *input_cstr(run *r, const char *name) {
    size_t n;
    char *t = input(r, name, &n);
    if (!t) return NULL;
    char *buf = malloc(n + 1), *copy = malloc(n + 1);
    if (!buf || !copy) abort();
    memcpy(buf, t, n);
    buf[n] = '\0';
    memcpy(copy, buf, n + 1);
    free(r->in[r->nin - 1].buf);
    free(r->in[r->nin - 1].copy);
    r->in[r->nin - 1].buf = buf;
    r->in[r->nin - 1].copy = copy;
    r->in[r->nin - 1].len = n + 1;
    return buf;
}

/* An integer argument; false when absent, not an integer, or (bits 32) outside int32_t: then
 * the case is skipped as not representable. */
static bool int_arg(run *r, const char *name, int bits, int64_t *out) {
    const jval *v = jget(jget(r->c, "args"), name);
    if (!v || v->type != J_INT) {
        fail(r, "argument %s is not an integer", name);
        return false;
    }
    if (bits == 32 && (v->i < INT32_MIN || v->i > INT32_MAX)) {
        r->skipped = true;
        return false;
    }
    *out = v->i;
    return true;
}

/* The call failed with r->want, *err carries it and a message; err is freed. */
static void expect_failure(run *r, jiesu_status s, jiesu_error *err) {
    if (s == JIESU_STATUS_OK) {
        fail(r, "accepted (expected status %d)%s", (int)r->want, err ? "; and err was written on success" : "");
        jiesu_error_free(err);
        return;
    }
    const char *msg = err ? jiesu_error_message(err) : "";
    if (s != r->want) {
        fail(r, "got status %d, expected %d: %.400s%s", (int)s, (int)r->want, msg, strlen(msg) > 400 ? "…" : "");
    } else if (!err) {
        fail(r, "status %d but no error object", (int)s);
    } else if (jiesu_error_code(err) != s) {
        fail(r, "status %d but the error object says %d: %.400s", (int)s, (int)jiesu_error_code(err), msg);
    } else if (!msg[0]) {
        fail(r, "status %d with an empty message", (int)s);
    } else {
        /* `message_has`: what the message must say (a duplicate key and its path);
         * `message_hides`: what it must never echo (a requester's personal data, R-PRIV-1). */
        const jval *has = jget(r->c, "message_has"), *hides = jget(r->c, "message_hides");
        for (size_t k = 0; has && has->type == J_ARR && k < has->n; k++)
            if (!strstr(msg, has->items[k].s)) fail(r, "the message does not say \"%s\": %.400s", has->items[k].s, msg);
        for (size_t k = 0; hides && hides->type == J_ARR && k < hides->n; k++)
            if (strstr(msg, hides->items[k].s)) fail(r, "the message echoes \"%s\": %.400s", hides->items[k].s, msg);
    }
    jiesu_error_free(err);
}

static void check_cal_out(run *r, jiesu_status s, jiesu_calendar *out) {
    if (out == SENTINEL_CAL) return;
    if (s != JIESU_STATUS_OK) fail(r, "the calendar out-parameter was written on failure");
    else jiesu_calendar_free(out);
}

static void check_engine_out(run *r, jiesu_status s, jiesu_engine *out) {
    if (out == SENTINEL_ENGINE) return;
    if (s != JIESU_STATUS_OK) fail(r, "the engine out-parameter was written on failure");
    else jiesu_engine_free(out);
}

static void check_str_out(run *r, jiesu_status s, char *out) {
    if (out == SENTINEL_STR) return;
    if (s != JIESU_STATUS_OK) fail(r, "the string out-parameter was written on failure");
    else jiesu_string_free(out);
}

/* jiesu_ticket_verify on the events says `verify`. */
static void check_verify(run *r, const char *events, size_t len, const char *verify) {
    jiesu_error *err = NULL;
    char *out = SENTINEL_STR;
    jiesu_status s = jiesu_ticket_verify(events, len, &out, &err);
    if (s != JIESU_STATUS_OK) {
        fail(r, "jiesu_ticket_verify: status %d: %.300s", (int)s, jiesu_error_message(err));
        jiesu_error_free(err);
        return;
    }
    if (strcmp(verify, "intact") == 0) {
        if (!strstr(out, "\"intact\":true")) fail(r, "verify: expected intact, got %.300s", out);
    } else {
        char pat[96];
        snprintf(pat, sizeof pat, "\"kind\":\"%s\"", verify);
        if (!strstr(out, "\"intact\":false") || !strstr(out, pat)) fail(r, "verify: expected %s, got %.300s", verify, out);
    }
    jiesu_string_free(out);
}

static const struct {
    const char *name;
    jiesu_status status;
} STATUS_NAMES[] = {
    {"JIESU_STATUS_OK", JIESU_STATUS_OK},
    {"JIESU_STATUS_NULL_ARGUMENT", JIESU_STATUS_NULL_ARGUMENT},
    {"JIESU_STATUS_INVALID_UTF8", JIESU_STATUS_INVALID_UTF8},
    {"JIESU_STATUS_INVALID_JSON", JIESU_STATUS_INVALID_JSON},
    {"JIESU_STATUS_INVALID_INPUT", JIESU_STATUS_INVALID_INPUT},
    {"JIESU_STATUS_OUT_OF_COVERAGE", JIESU_STATUS_OUT_OF_COVERAGE},
    {"JIESU_STATUS_PERMISSION_DENIED", JIESU_STATUS_PERMISSION_DENIED},
    {"JIESU_STATUS_INVALID_TRANSITION", JIESU_STATUS_INVALID_TRANSITION},
    {"JIESU_STATUS_VALIDATION_FAILED", JIESU_STATUS_VALIDATION_FAILED},
    {"JIESU_STATUS_LIMIT_EXCEEDED", JIESU_STATUS_LIMIT_EXCEEDED},
    {"JIESU_STATUS_INTERNAL_PANIC", JIESU_STATUS_INTERNAL_PANIC},
    {"JIESU_STATUS_INVALID_TOML", JIESU_STATUS_INVALID_TOML},
    {"JIESU_STATUS_INTERNAL_ERROR", JIESU_STATUS_INTERNAL_ERROR},
};

static bool ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The status of a kind for an entry; false when the catalogue names none. */
static bool expected_status(const char *kind, const char *entry, jiesu_status *out) {
    if (strcmp(kind, "parse") == 0) {
        *out = ends_with(entry, "_toml") ? JIESU_STATUS_INVALID_TOML : JIESU_STATUS_INVALID_JSON;
        return true;
    }
    const char *name = jstr(kinds, kind);
    if (!name) return false;
    for (size_t k = 0; k < sizeof STATUS_NAMES / sizeof STATUS_NAMES[0]; k++) {
        if (strcmp(STATUS_NAMES[k].name, name) == 0) {
            *out = STATUS_NAMES[k].status;
            return true;
        }
    }
    return false;
}

/* The roll of a catalogue string (Roll::from_str of src/calendar/mod.rs), or 99: not a
 * jiesu_roll, which the C API refuses as invalid input. */
static jiesu_roll roll_of(const char *s, size_t len) {
    static const struct {
        const char *name;
        jiesu_roll roll;
    } ROLLS[] = {
        {"raise", JIESU_ROLL_RAISE},
        {"forward", JIESU_ROLL_FORWARD},
        {"following", JIESU_ROLL_FOLLOWING},
        {"backward", JIESU_ROLL_BACKWARD},
        {"preceding", JIESU_ROLL_PRECEDING},
        {"modifiedfollowing", JIESU_ROLL_MODIFIED_FOLLOWING},
        {"modifiedpreceding", JIESU_ROLL_MODIFIED_PRECEDING},
    };
    for (size_t k = 0; k < sizeof ROLLS / sizeof ROLLS[0]; k++)
        if (strlen(ROLLS[k].name) == len && memcmp(ROLLS[k].name, s, len) == 0) return ROLLS[k].roll;
    return (jiesu_roll)99;
}

/* Text entries that make a calendar. */
static jiesu_status calendar_text_entry(run *r, jiesu_calendar **out, jiesu_error **err, bool *routed) {
    const char *e = r->entry;
    size_t len;
    char *t;
    *routed = true;
    if (strcmp(e, "calendar_from_json") == 0 && (t = input(r, "text", &len))) return jiesu_calendar_from_json(t, len, out, err);
    if (strcmp(e, "calendar_from_toml") == 0 && (t = input(r, "text", &len))) return jiesu_calendar_from_toml(t, len, out, err);
    if (strcmp(e, "calendar_with_overlay_json") == 0 && (t = input(r, "text", &len)))
        return jiesu_calendar_with_overlay_json(cn, t, len, out, err);
    if (strcmp(e, "calendar_with_overlay_toml") == 0 && (t = input(r, "text", &len)))
        return jiesu_calendar_with_overlay_toml(cn, t, len, out, err);
    if (strcmp(e, "calendar_with_business_hours_json") == 0 && (t = input(r, "text", &len)))
        return jiesu_calendar_with_business_hours_json(cn, t, len, out, err);
    if (strcmp(e, "calendar_builtin") == 0 && (t = input_cstr(r, "name"))) return jiesu_calendar_builtin(t, out, err);
    *routed = false;
    return JIESU_STATUS_OK;
}

/* Text entries that make an engine. */
static jiesu_status engine_text_entry(run *r, jiesu_engine **out, jiesu_error **err, bool *routed) {
    const char *e = r->entry;
    size_t len;
    char *t;
    *routed = true;
    if (strcmp(e, "guide_from_json") == 0 && (t = input(r, "text", &len))) return jiesu_engine_with_guide_json(dflt, t, len, out, err);
    if (strcmp(e, "guide_from_toml") == 0 && (t = input(r, "text", &len))) return jiesu_engine_with_guide_toml(dflt, t, len, out, err);
    if (strcmp(e, "rules_from_json") == 0 && (t = input(r, "text", &len))) return jiesu_engine_with_rules_json(dflt, t, len, out, err);
    if (strcmp(e, "rules_from_toml") == 0 && (t = input(r, "text", &len))) return jiesu_engine_with_rules_toml(dflt, t, len, out, err);
    if (strcmp(e, "sla_policy_from_json") == 0 && (t = input_wrapped(r, "text", "{\"schema_version\":1,\"sla\":", "}", &len)))
        return jiesu_engine_new(t, len, out, err);
    if (strcmp(e, "engine_new") == 0 && (t = input(r, "text", &len))) return jiesu_engine_new(t, len, out, err);
    *routed = false;
    return JIESU_STATUS_OK;
}

static void run_calendar_day(run *r) {
    const char *e = r->entry;
    jiesu_error *err = NULL;
    jiesu_status s;
    int64_t a = 0, b = 0;
    if (strcmp(e, "calendar_is_workday") == 0) {
        if (!int_arg(r, "day", 32, &a)) return;
        union {
            bool b;
            unsigned char c;
        } w;
        w.c = 0x5a;
        s = jiesu_calendar_is_workday(cn, (int32_t)a, &w.b, &err);
        expect_failure(r, s, err);
        if (s != JIESU_STATUS_OK && w.c != 0x5a) fail(r, "out written on failure");
        return;
    }
    int32_t out = 0x5a5a5a5a;
    if (strcmp(e, "calendar_add_working_days") == 0) {
        if (!int_arg(r, "day", 32, &a) || !int_arg(r, "n", 32, &b)) return;
        s = jiesu_calendar_add_working_days(cn, (int32_t)a, (int32_t)b, &out, &err);
    } else if (strcmp(e, "calendar_busday_offset") == 0) {
        size_t len;
        if (!int_arg(r, "day", 32, &a) || !int_arg(r, "n", 32, &b)) return;
        char *roll = input(r, "roll", &len);
        if (!roll) return;
        s = jiesu_calendar_busday_offset(cn, (int32_t)a, (int32_t)b, roll_of(roll, len), &out, &err);
    } else {
        if (!int_arg(r, "begin", 32, &a) || !int_arg(r, "end", 32, &b)) return;
        s = jiesu_calendar_busday_count(cn, (int32_t)a, (int32_t)b, &out, &err);
    }
    expect_failure(r, s, err);
    if (s != JIESU_STATUS_OK && out != 0x5a5a5a5a) fail(r, "out written on failure");
}

/* events + [event]: `[e1,…,en,event]`, built textually. */
static char *appended(run *r, size_t *len) {
    size_t elen, vlen;
    char *events = input(r, "events", &elen);
    char *event = events ? input(r, "event", &vlen) : NULL;
    if (!event) return NULL;
    size_t end = elen;
    while (end > 0 && (events[end - 1] == ' ' || events[end - 1] == '\n' || events[end - 1] == '\t' || events[end - 1] == '\r')) end--;
    if (end == 0 || events[end - 1] != ']') {
        fail(r, "events: not a JSON array");
        return NULL;
    }
    end--;
    size_t k = 0;
    while (k < end && (events[k] == ' ' || events[k] == '\n' || events[k] == '\t' || events[k] == '\r')) k++;
    bool empty = true;
    for (size_t j = k + 1; j < end; j++)
        if (!(events[j] == ' ' || events[j] == '\n' || events[j] == '\t' || events[j] == '\r')) empty = false;
    size_t n = end + (empty ? 0 : 1) + vlen + 1;
    char *buf = malloc(n);
    if (!buf) abort();
    memcpy(buf, events, end);
    size_t at = end;
    if (!empty) buf[at++] = ',';
    memcpy(buf + at, event, vlen);
    buf[at + vlen] = ']';
    /* Passed instead of the two arguments: compared as a third input. */
    char *copy = malloc(n);
    if (!copy) abort();
    memcpy(copy, buf, n);
    r->in[r->nin].buf = buf;
    r->in[r->nin].copy = copy;
    r->in[r->nin].len = n;
    r->in[r->nin].name = "events+event";
    r->nin++;
    *len = n;
    return buf;
}

static void run_case(run *r) {
    const char *e = r->entry;
    jiesu_error *err = NULL;
    jiesu_status s;
    bool routed;

    jiesu_calendar *cal = SENTINEL_CAL;
    s = calendar_text_entry(r, &cal, &err, &routed);
    if (r->bad) return; /* an argument could not be built */
    if (routed) {
        expect_failure(r, s, err);
        check_cal_out(r, s, cal);
        return;
    }
    jiesu_engine *eng = SENTINEL_ENGINE;
    s = engine_text_entry(r, &eng, &err, &routed);
    if (r->bad) return;
    if (routed) {
        expect_failure(r, s, err);
        check_engine_out(r, s, eng);
        return;
    }
    if (strcmp(e, "calendar_is_workday") == 0 || strcmp(e, "calendar_add_working_days") == 0 ||
        strcmp(e, "calendar_busday_offset") == 0 || strcmp(e, "calendar_busday_count") == 0) {
        run_calendar_day(r);
        return;
    }
    if (strcmp(e, "calendar_add_working_seconds") == 0) {
        int64_t t = 0, secs = 0, out = (int64_t)0x5a5a5a5a5a5a5a5aLL;
        if (!int_arg(r, "t", 64, &t) || !int_arg(r, "secs", 64, &secs)) return;
        s = jiesu_calendar_add_working_seconds(cn, t, secs, &out, &err);
        expect_failure(r, s, err);
        if (s != JIESU_STATUS_OK && out != (int64_t)0x5a5a5a5a5a5a5a5aLL) fail(r, "out written on failure");
        return;
    }

    char *json = SENTINEL_STR;
    size_t len, len2, len3;
    char *t, *t2, *t3;
    if (strcmp(e, "guide_classify") == 0) {
        if (!(t = input(r, "decision", &len))) return;
        s = jiesu_guide_classify(dflt, t, len, &json, &err);
    } else if (strcmp(e, "assessment_options_from_json") == 0) {
        if (!(t = input(r, "text", &len))) return;
        s = jiesu_assess(dflt, "", 0, t, len, &json, &err);
    } else if (strcmp(e, "engine_verify_log") == 0) {
        jiesu_engine *with_limits = NULL;
        if (!limits_engine(r, &with_limits)) return;
        if (!(t = input(r, "jsonl", &len))) {
            jiesu_engine_free(with_limits);
            return;
        }
        s = jiesu_engine_verify_log(with_limits ? with_limits : dflt, t, len, &json, &err);
        jiesu_engine_free(with_limits);
    } else if (strcmp(e, "tickets_from_jsonl") == 0) {
        jiesu_engine *with_limits = NULL;
        if (!limits_engine(r, &with_limits)) return;
        if (!(t = input(r, "jsonl", &len))) {
            jiesu_engine_free(with_limits);
            return;
        }
        s = jiesu_assess(with_limits ? with_limits : dflt, t, len, VALID_OPTIONS, strlen(VALID_OPTIONS), &json, &err);
        jiesu_engine_free(with_limits);
    } else if (strcmp(e, "ticket_replay") == 0) {
        if (!(t = input(r, "events", &len))) return;
        s = jiesu_ticket_state(dflt, t, len, NOW_2026_12_31, &json, &err);
    } else if (strcmp(e, "ticket_apply") == 0) {
        if (!(t = appended(r, &len))) return;
        s = jiesu_ticket_state(dflt, t, len, NOW_2026_12_31, &json, &err);
    } else if (strcmp(e, "ticket_handle") == 0) {
        int64_t now = 0;
        jiesu_engine *custom = NULL;
        if (!int_arg(r, "now", 64, &now)) return;
        if (jget(jget(r->c, "args"), "engine")) {
            char *cfg = input(r, "engine", &len);
            if (!cfg) return;
            jiesu_error *cerr = NULL;
            if (jiesu_engine_new(cfg, len, &custom, &cerr) != JIESU_STATUS_OK) {
                fail(r, "the engine does not build: %s", jiesu_error_message(cerr));
                jiesu_error_free(cerr);
                return;
            }
        }
        if (!(t = input(r, "events", &len)) || !(t2 = input(r, "actor", &len2)) || !(t3 = input(r, "command", &len3))) {
            jiesu_engine_free(custom);
            return;
        }
        s = jiesu_ticket_handle(custom ? custom : dflt, t, len, t2, len2, t3, len3, now, &json, &err);
        jiesu_engine_free(custom);
    } else {
        fail(r, "unknown entry");
        return;
    }
    expect_failure(r, s, err);
    check_str_out(r, s, json);
}

/* ------------------------------------------------------------------------------------------ */
/* The shared handles' answers, before and after the cases.                                   */

typedef struct {
    char *state, *classified, *deadlines;
    int32_t day;
    int64_t instant;
    bool workday;
} answers;

static answers shared_answers(void) {
    answers a = {NULL, NULL, NULL, -1, -1, false};
    const jval *f = jget(fixtures, "in_progress");
    jiesu_error *err = NULL;
    if (!f || f->type != J_STR) {
        CHECK(!"fixture in_progress");
        return a;
    }
    OK(jiesu_ticket_state(dflt, f->s, f->len, NOW_2026_12_31, &a.state, &err), err);
    const char *decision = "{\"category\": \"040201\", \"appeal_type\": \"complaint\", \"location\": {\"township\": \"jiangna\"}}";
    OK(jiesu_guide_classify(dflt, decision, strlen(decision), &a.classified, &err), err);
    const char *normal = "{\"urgency\": \"normal\", \"handling_class\": \"normal\"}";
    OK(jiesu_sla_deadlines(dflt, 1790733600, normal, strlen(normal), &a.deadlines, &err), err);
    OK(jiesu_calendar_add_working_days(cn, 20726, 5, &a.day, &err), err);
    OK(jiesu_calendar_add_working_seconds(cn, 1773018000, 10800 + 3600, &a.instant, &err), err);
    OK(jiesu_calendar_is_workday(cn, 20498, &a.workday, &err), err);
    return a;
}

static void free_answers(answers *a) {
    jiesu_string_free(a->state);
    jiesu_string_free(a->classified);
    jiesu_string_free(a->deadlines);
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        char *more = realloc(buf, cap *= 2);
        if (!more) free(buf);
        buf = more;
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Appends ", id" to a bounded list. */
static void append_id(char *list, size_t size, const char *id) {
    size_t used = strlen(list);
    if (used + 1 < size) snprintf(list + used, size - used, "%s%s", used ? ", " : "", id);
}

int main(int argc, char **argv) {
    const char *only = NULL;
    for (int k = 2; k < argc; k++) {
        if (strncmp(argv[k], "--only=", 7) == 0) only = argv[k] + 7;
        else argc = 0; /* usage */
    }
    if (argc < 2) {
        fprintf(stderr, "usage: test_bad_inputs tests/data/bad_inputs/cases.json [--only=SUBSTRING]\n");
        return 2;
    }
    test_reader();

    size_t flen;
    char *ftext = read_file(argv[1], &flen);
    if (!ftext) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    jval cat;
    char perr[160];
    if (!json_parse(ftext, flen, &cat, perr, sizeof perr)) {
        fprintf(stderr, "%s: %s\n", argv[1], perr);
        free(ftext);
        return 2;
    }
    free(ftext);
    fixtures = jget(&cat, "fixtures");
    kinds = jget(&cat, "kinds");
    const jval *cases = jget(&cat, "cases");
    if (!fixtures || fixtures->type != J_OBJ || !kinds || kinds->type != J_OBJ || !cases || cases->type != J_ARR) {
        fprintf(stderr, "%s: no fixtures, kinds or cases\n", argv[1]);
        jfree(&cat);
        return 2;
    }

    jiesu_error *err = NULL;
    OK(jiesu_engine_new_default(&dflt, &err), err);
    OK(jiesu_calendar_builtin("CN", &cn, &err), err);
    if (!dflt || !cn) {
        jfree(&cat);
        return 1;
    }
    answers before = shared_answers();
    /* 4 working hours from Monday 2026-03-09 09:00: 3 in the morning, 1 from 14:30: 15:30. */
    CHECK(before.day == 20739 && before.workday && before.instant == 1773028800 + 9000 + 3600);

    size_t nrun = 0, nfailed = 0, nskipped = 0, nverified = 0;
    char skipped[2048] = "";
    for (size_t k = 0; k < cases->n; k++) {
        const jval *c = &cases->items[k];
        run r;
        memset(&r, 0, sizeof r);
        r.c = c;
        r.id = jstr(c, "id");
        r.entry = jstr(c, "entry");
        const char *kind = jstr(c, "expect");
        if (!r.id || !r.entry || !kind || !jget(c, "args") || jget(c, "args")->type != J_OBJ) {
            fprintf(stderr, "FAIL case %zu: no id, entry, expect or args\n", k);
            nfailed++;
            continue;
        }
        if (only && !strstr(r.id, only)) continue;
        if (!expected_status(kind, r.entry, &r.want)) {
            fail(&r, "kind %s has no C status", kind);
        } else {
            run_case(&r);
        }
        const char *verify = jstr(c, "verify");
        if (verify && !r.skipped) {
            size_t elen;
            char *events = input(&r, "events", &elen);
            if (events) check_verify(&r, events, elen, verify);
            nverified++;
        }
        for (int j = 0; j < r.nin; j++) {
            if (memcmp(r.in[j].buf, r.in[j].copy, r.in[j].len) != 0) fail(&r, "input %s changed", r.in[j].name);
            free(r.in[j].buf);
            free(r.in[j].copy);
        }
        if (r.skipped && !r.bad) {
            nskipped++;
            append_id(skipped, sizeof skipped, r.id);
            continue;
        }
        nrun++;
        if (r.bad) nfailed++;
    }

    answers after = shared_answers();
    CHECK(after.day == before.day && after.instant == before.instant && after.workday == before.workday);
    CHECK(before.state && after.state && strcmp(before.state, after.state) == 0);
    CHECK(before.classified && after.classified && strcmp(before.classified, after.classified) == 0);
    CHECK(before.deadlines && after.deadlines && strcmp(before.deadlines, after.deadlines) == 0);
    free_answers(&before);
    free_answers(&after);
    jiesu_engine_free(dflt);
    jiesu_calendar_free(cn);
    jfree(&cat);

    if (nskipped) printf("test_bad_inputs: not representable in C (an integer beyond int32_t): %s\n", skipped);
    printf("test_bad_inputs: %zu cases run (%zu with a verify check), %zu skipped (not representable), "
           "%zu failed; %d checks passed, %d failed\n",
           nrun, nverified, nskipped, nfailed, passed, failed);
    return nfailed == 0 && failed == 0 && nrun > 0 ? 0 : 1;
}
