/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The hidma-dpdk authors
 */

#ifndef _HIDMA_KVARGS_H_
#define _HIDMA_KVARGS_H_

/**
 * @file
 * The devargs layer of every hidma driver, on DPDK's rte_kvargs: a driver
 * opens its devargs with its list of valid keys (rte_kvargs_parse()), then
 * reads each key through a handler (rte_kvargs_process()). What every driver
 * shares lives here, once: the messages for devargs that cannot be taken (an
 * unknown key, named with the accepted ones; a key given twice; more pairs
 * than rte_kvargs holds; malformed text), strict numbers with a range, and
 * named choices. Header only, like hidma_compat.h: each driver logs with its
 * own logtype and no symbol is added to any plugin.
 *
 * Every message names the device and the key, and says what is accepted.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_kvargs.h>
#include <rte_log.h>

/** The devargs of one device, once opened. */
struct hidma_kvargs {
	struct rte_kvargs *kv;	/**< the pairs, keys all valid and unique */
	const char *dev;	/**< device name, for messages */
	const char *prefix;	/**< of every message, e.g. "HIDMA_MGMT: " */
	int logtype;		/**< of the driver */
};

#define HIDMA_KVARGS_ERR(k, fmt, ...) \
	rte_log(RTE_LOG_ERR, (k)->logtype, "%s%s: " fmt "\n", (k)->prefix, (k)->dev, \
		##__VA_ARGS__)

/**
 * Strict number: the whole string is a decimal number, or a hexadecimal one
 * with 0x; no sign, blanks or octal (strtoull alone takes all three).
 * @return 0 or -EINVAL.
 */
static inline int
hidma_kvargs_parse_u64(const char *s, uint64_t *v)
{
	unsigned long long r;
	char *end;
	int base = 10;

	if (s == NULL || *s < '0' || *s > '9')
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') ||
				(*s >= 'A' && *s <= 'F')))
			return -EINVAL;
	}
	errno = 0;
	r = strtoull(s, &end, base);
	if (errno != 0 || *end != '\0')
		return -EINVAL;
	*v = r;
	return 0;
}

/* pairs in @p args as rte_kvargs counts them: commas outside [lists] */
static inline unsigned int
hidma_kvargs_count_pairs(const char *args)
{
	unsigned int n = 1, depth = 0;

	for (; *args != '\0'; args++) {
		if (*args == '[')
			depth++;
		else if (*args == ']' && depth > 0)
			depth--;
		else if (*args == ',' && depth == 0)
			n++;
	}
	return n;
}

/* rte_kvargs_parse() with valid keys refused @p args: say why */
static inline void
hidma_kvargs_explain(const struct hidma_kvargs *k, const char *args, const char * const valid[],
		const char *accepted)
{
	struct rte_kvargs *all;
	unsigned int i, n = hidma_kvargs_count_pairs(args);
	const char *const *v;

	if (n > RTE_KVARGS_MAX) {
		HIDMA_KVARGS_ERR(k, "%u devargs given; DPDK's rte_kvargs takes at most %d "
				"key=value pairs per device", n, RTE_KVARGS_MAX);
		return;
	}
	all = rte_kvargs_parse(args, NULL);
	if (all == NULL) {
		HIDMA_KVARGS_ERR(k, "malformed devargs \"%s\" (key=value,... expected; accepted "
				"keys: %s)", args, accepted);
		return;
	}
	for (i = 0; i < all->count; i++) {
		for (v = valid; *v != NULL; v++)
			if (strcmp(*v, all->pairs[i].key) == 0)
				break;
		if (*v == NULL) {
			HIDMA_KVARGS_ERR(k, "unknown devarg \"%s\"; accepted: %s",
					all->pairs[i].key, accepted);
			break;
		}
	}
	if (i == all->count)
		HIDMA_KVARGS_ERR(k, "devargs \"%s\" refused (accepted: %s)", args, accepted);
	rte_kvargs_free(all);
}

/** Most valid keys a driver may have, all lists together. */
#define HIDMA_KVARGS_MAX_KEYS	64

/**
 * Open the devargs @p args (NULL or "" for none) of device @p k->dev. The
 * valid keys are those of the NULL-terminated lists in the NULL-terminated
 * @p lists (a driver's own, and those of the driver it configures);
 * @p accepted lists them for people. Fills @p k->kv; release with
 * hidma_kvargs_close() whatever happens.
 * @return 0, or -EINVAL after an ERR log naming the key at fault.
 */
static inline int
hidma_kvargs_open(struct hidma_kvargs *k, const char *args, const char * const *const lists[],
		const char *accepted)
{
	const char *valid[HIDMA_KVARGS_MAX_KEYS + 1];
	unsigned int i, j, n = 0;

	k->kv = NULL;
	for (i = 0; lists[i] != NULL; i++) {
		for (j = 0; lists[i][j] != NULL; j++) {
			RTE_VERIFY(n < HIDMA_KVARGS_MAX_KEYS);
			valid[n++] = lists[i][j];
		}
	}
	valid[n] = NULL;
	if (args == NULL)
		args = "";
	k->kv = rte_kvargs_parse(args, valid);
	if (k->kv == NULL) {
		hidma_kvargs_explain(k, args, valid, accepted);
		return -EINVAL;
	}
	for (i = 0; i < k->kv->count; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(k->kv->pairs[i].key, k->kv->pairs[j].key) == 0) {
				HIDMA_KVARGS_ERR(k, "devarg %s given twice", k->kv->pairs[i].key);
				return -EINVAL;
			}
		}
	}
	return 0;
}

static inline void
hidma_kvargs_close(struct hidma_kvargs *k)
{
	rte_kvargs_free(k->kv);
	k->kv = NULL;
}

/** Whether @p key was given. */
static inline bool
hidma_kvargs_has(const struct hidma_kvargs *k, const char *key)
{
	return rte_kvargs_count(k->kv, key) != 0;
}

/**
 * Run @p handler (rte_kvargs_process()) on @p key if it was given. A key
 * without a value never reaches the handler (DPDK releases differ there):
 * it is refused here with @p accepted.
 * @return 1 if handled, 0 if absent, -EINVAL if refused (the handler logs).
 */
static inline int
hidma_kvargs_process(const struct hidma_kvargs *k, const char *key, arg_handler_t handler,
		void *opaque, const char *accepted)
{
	if (!hidma_kvargs_has(k, key))
		return 0;
	if (rte_kvargs_get(k->kv, key) == NULL) {
		HIDMA_KVARGS_ERR(k, "devarg %s= invalid: accepted values %s", key, accepted);
		return -EINVAL;
	}
	return rte_kvargs_process(k->kv, key, handler, opaque) < 0 ? -EINVAL : 1;
}

/* opaque argument of the number handler */
struct hidma_kvargs_num {
	const struct hidma_kvargs *k;
	uint64_t min;
	uint64_t max;
	const char *accepted;
	uint64_t v;
};

static inline int
hidma_kvargs_num_handler(const char *key, const char *value, void *opaque)
{
	struct hidma_kvargs_num *n = opaque;
	uint64_t v;

	if (hidma_kvargs_parse_u64(value, &v) != 0 || v < n->min || v > n->max) {
		HIDMA_KVARGS_ERR(n->k, "devarg %s=%s invalid: accepted values %s", key,
				value == NULL ? "" : value, n->accepted);
		return -1;
	}
	n->v = v;
	return 0;
}

/**
 * Number @p key in [@p min, @p max] (@p accepted says so in messages) into
 * @p out, left alone when absent.
 * @return 1 if stored, 0 if absent, -EINVAL (logged).
 */
static inline int
hidma_kvargs_num(const struct hidma_kvargs *k, const char *key, uint64_t min, uint64_t max,
		const char *accepted, uint64_t *out)
{
	struct hidma_kvargs_num n = { .k = k, .min = min, .max = max, .accepted = accepted };
	int ret;

	ret = hidma_kvargs_process(k, key, hidma_kvargs_num_handler, &n, accepted);
	if (ret == 1)
		*out = n.v;
	return ret;
}

/* opaque argument of the choice handler */
struct hidma_kvargs_choice {
	const struct hidma_kvargs *k;
	const char *const *names;
	const char *accepted;
	unsigned int idx;
};

static inline int
hidma_kvargs_choice_handler(const char *key, const char *value, void *opaque)
{
	struct hidma_kvargs_choice *c = opaque;
	unsigned int i;

	for (i = 0; c->names[i] != NULL; i++) {
		if (strcmp(value, c->names[i]) == 0) {
			c->idx = i;
			return 0;
		}
	}
	HIDMA_KVARGS_ERR(c->k, "devarg %s=%s invalid: accepted values %s", key, value,
			c->accepted);
	return -1;
}

/**
 * One of the NULL-terminated @p names for @p key: its index into @p idx,
 * left alone when absent.
 * @return 1 if stored, 0 if absent, -EINVAL (logged).
 */
static inline int
hidma_kvargs_choice(const struct hidma_kvargs *k, const char *key, const char *const names[],
		const char *accepted, unsigned int *idx)
{
	struct hidma_kvargs_choice c = { .k = k, .names = names, .accepted = accepted };
	int ret;

	ret = hidma_kvargs_process(k, key, hidma_kvargs_choice_handler, &c, accepted);
	if (ret == 1)
		*idx = c.idx;
	return ret;
}

#endif /* _HIDMA_KVARGS_H_ */
