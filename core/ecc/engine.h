/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * engine.h - ECC engines: the codes that protect one step. The page codec
 * (ecc.c) cuts a page into steps, finds each step's code in the OOB and
 * applies the erased-step rule; an engine only encodes and corrects one
 * step's message. Engines are listed in engines.c; a new one is one file
 * defining its struct mm_ecc_engine, one line there and one test file.
 */
#ifndef MM_ECC_ENGINE_H
#define MM_ECC_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MM_ECC_BYTES_MAX	256	/* code bytes per step */

/**
 * struct mm_ecc_params - what a scheme name says (filled by parse())
 * @name: the canonical name ("bch8/1024", "hamming512")
 * @step: data bytes per step
 * @strength: bits corrected per step
 * @bytes: code bytes per step for a step of @step bytes
 * @poly: the engine's generator choice (BCH: primitive polynomial, 0 =
 *	the kernel's)
 * @sm_order: Hamming: SmartMedia byte order of the three code bytes
 */
struct mm_ecc_params {
	char name[32];
	unsigned int step;
	unsigned int strength;
	unsigned int bytes;
	unsigned int poly;
	bool sm_order;
};

/**
 * struct mm_ecc_engine - one ECC engine (a registry entry)
 * @name: the engine ("hamming", "bch")
 * @schemes: the scheme names it takes, for messages
 * @hamming_layout: without --oob-layout its codes sit where the kernel puts
 *	Hamming codes (nand_ooblayout_{sp,lp}_hamming), else where it puts
 *	other codes
 * @covers_free: it can protect free OOB bytes too (ecc-covers-free)
 * @auto_schemes: the schemes --ecc=auto tries, NULL-terminated (may be NULL)
 * @parse: take @scheme: 0 (and @p filled), -ENOENT when the name is not
 *	this engine's, -EINVAL when it is but is malformed
 * @setup: make the code for messages of @len bytes (@plain: the code is
 *	stored as computed, not XORed so that an erased step is a codeword);
 *	sets *@state and *@bytes (code bytes per step). 0 or -errno with @msg
 * @free: release @state
 * @encode: the code of @msg (@len bytes) into @code
 * @correct: check @msg against @code (the stored code) and correct both in
 *	place: the number of bits corrected, or -EBADMSG
 */
struct mm_ecc_engine {
	const char *name;
	const char *schemes;
	bool hamming_layout;
	bool covers_free;
	const char *const *auto_schemes;
	int (*parse)(const char *scheme, struct mm_ecc_params *p);
	int (*setup)(const struct mm_ecc_params *p, unsigned int len,
		     bool plain, void **state, unsigned int *bytes,
		     char *msg, size_t msglen);
	void (*free)(void *state);
	void (*encode)(const void *state, const uint8_t *msg,
		       unsigned int len, uint8_t *code);
	int (*correct)(const void *state, uint8_t *msg, unsigned int len,
		       uint8_t *code);
};

/* The registry (engines.c); NULL ends it. */
extern const struct mm_ecc_engine *const mm_ecc_engines[];


/**
 * mm_ecc_engine_parse - the engine that takes @scheme
 * @p: filled on success
 * @msg: why not, on failure (naming every scheme the engines take)
 *
 * Return: the engine, or NULL with @msg.
 */
const struct mm_ecc_engine *mm_ecc_engine_parse(const char *scheme,
						struct mm_ecc_params *p,
						char *msg, size_t msglen);

#endif /* MM_ECC_ENGINE_H */
