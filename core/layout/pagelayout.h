/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pagelayout.h - a declarative model of one physical NAND page as a vendor
 * controller lays it out (chunks of data, user bytes and ECC, possibly not
 * byte aligned, the bad block marker moved, bits reversed, scrambled), and
 * the logical page + OOB that the controller's Linux driver exposes.
 *
 * The model
 * ---------
 * A physical page is a bit stream of phys_size bytes, cut into an ordered
 * list of fields that follow each other without gaps:
 *
 *   D  data bits, copied to the logical data at a bit offset
 *   O  user (OOB, "metadata", "FDM") bits, copied to the logical OOB
 *   E  the ECC parity of one step
 *   P  padding: not mapped, written as 1 bits
 *
 * Bits are numbered in the stream MSB first (bit 7 of byte 0 is stream bit
 * 0; most controllers) or LSB first ("pack=lsb": i.MX GPMI copies its BCH
 * stream that way). The logical buffers use the same numbering.
 *
 * Each D and O field may belong to one ECC step: the step's message is the
 * concatenation of its D and O fields in physical order. Each field is cut
 * into bytes in stream order (wherever it starts), and the codec reads
 * every byte MSB first ("codec=msb", the kernel's lib/bch order) or LSB
 * first ("codec=lsb", sunxi). The parity (m·t bits, highest coefficient
 * first) is cut into bytes the same way, each byte MSB first or
 * bit-reversed ("parity=lsb": sunxi and i.MX GPMI, whose u-boot/kobs
 * encoders reverse the bits of every ECC byte), and stored in the step's E
 * field in stream order; E bits beyond the parity are 0 (1 with
 * xor-erased). With "xor-erased" the stored parity is
 * XORed with the complement of the parity of an all-ones message, as
 * Linux's software BCH does, so an erased step is a codeword.
 *
 * With "rs" the code is Reed-Solomon instead (see @rs below): message
 * bytes are symbols, t symbol errors are corrected whatever their bits.
 *
 * Reading (mm_pl_decode): descramble, then per step compute the syndrome,
 * locate and flip up to t bits (data, user and parity bits alike); a step
 * that does not decode but has at most t zero bits over its fields, as read,
 * is erased with bit flips (the kernel's nand_check_erased_ecc_chunk()) and
 * reads as all 0xFF; with xor-erased, a step that decodes to all ones is
 * counted as erased too (its flips as corrected bits). Then the fields are
 * copied to the logical buffers,
 * logical OOB bytes no field maps stay 0xFF, and the bad block marker swap
 * is applied: 8 bits at logical data bit swap_data and 8 bits at logical
 * OOB bit swap_oob trade places (i.MX GPMI block_mark_swapping(), MediaTek
 * mtk_nfc_bad_mark_swap()). Writing (mm_pl_encode) is the reverse.
 *
 * Thread safety: a finalized layout is read-only; decode and encode may run
 * in many threads at once.
 */
#ifndef MM_PAGELAYOUT_H
#define MM_PAGELAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../ecc/ecc_types.h"
#include "ooblayout.h"

struct mm_bch;
struct mm_rs;

#define MM_PL_MAX_FIELDS	512
#define MM_PL_MAX_STEPS		64
#define MM_PL_NOSTEP		0xffff
#define MM_PL_NONE		UINT32_MAX

enum mm_pl_kind {
	MM_PL_DATA,
	MM_PL_OOB,
	MM_PL_ECC,
	MM_PL_PAD,
};

enum mm_pl_scrambler {
	MM_PL_SCR_NONE,
	MM_PL_SCR_SUNXI,	/* Allwinner NFC randomizer, per step (see pagelayout.c) */
};

/**
 * struct mm_pl_field - one run of bits of the physical page
 * @kind: enum mm_pl_kind
 * @step: the ECC step it belongs to (MM_PL_NOSTEP: not protected)
 * @bits: length in bits
 * @dst: D and O: bit offset in the logical data or OOB
 * @phys: bit offset in the physical page (set by mm_pl_finalize())
 */
struct mm_pl_field {
	uint8_t kind;
	uint16_t step;
	uint32_t bits;
	uint32_t dst;
	uint32_t phys;
};

/**
 * struct mm_pagelayout - a whole page layout
 * @name: preset name or "custom"
 * @phys_size: physical page bytes (data + spare as a programmer reads it)
 * @data_size: logical page bytes (the MTD's writesize)
 * @oob_size: logical OOB bytes (the MTD's oobsize)
 * @pack_lsb: stream bits numbered LSB first in each byte
 * @codec_lsb: the codec reads each message byte LSB first
 * @parity_lsb: the parity bytes are stored bit-reversed (LSB first)
 * @xor_erased: stored parity XOR ~parity(all ones): erased steps decode
 * @oob_raw: the logical OOB is physical bytes data_size.. as they are
 *	(controllers whose data is contiguous: sunxi, brcmnand, PMECC, OMAP);
 *	O fields then only say which bytes a step protects
 * @m: BCH field degree (13..15; 0: no ECC); with @rs the symbol bits
 * @t: bits corrected per step; with @rs symbols
 * @poly: primitive polynomial (0: the kernel's default for @m; with @rs,
 *	0x409 for m = 10)
 * @rs: the code is Reed-Solomon over GF(2^m) (Qualcomm NANDc RS mode):
 *	each message byte one symbol, highest coefficient first, 2·t parity
 *	symbols (first root a^1) packed LSB first into the ECC field's bytes
 *	(symbol 0 in bits 0..m-1 of the first byte on); steps are whole
 *	bytes
 * @bbm_phys: physical byte offset of the factory bad block marker
 *	(MM_PL_NONE: none)
 * @bbm_len: marker bytes (1, or 2 on x16 buses)
 * @swap_data: MM_PL_NONE, or the logical data bit offset of the byte that
 *	trades places with the one at @swap_oob after decoding
 * @swap_oob: logical OOB bit offset of the other byte of the swap
 * @scrambler: enum mm_pl_scrambler
 * @pages_per_block: for the scrambler's seed (page index within block)
 * @nfields: entries in @f
 * @f: the fields in physical order
 * @nsteps: ECC steps (set by mm_pl_finalize())
 * @oob: the logical OOB's marker, free and ECC bytes, as the driver's
 *	mtd_ooblayout_ops give them (oobavail, AUTO_OOB order)
 * @bch: the code (set by mm_pl_finalize(), freed by mm_pl_release())
 * @rsc: the Reed-Solomon code instead, with @rs
 * @msg_bits: message bits per step (set by mm_pl_finalize())
 * @keystream: the scrambler's bytes per seed (built by mm_pl_finalize())
 * @keystream_len: bytes per seed
 * @ones_parity: with @xor_erased, the parity of each step's all-ones
 *	message (mm_bch_ecc_bytes() each; built by mm_pl_finalize())
 * @msg_len: bytes every message is zero-extended to in front (set by
 *	mm_pl_finalize())
 */
struct mm_pagelayout {
	char name[32];
	uint32_t phys_size;
	uint32_t data_size;
	uint32_t oob_size;
	bool pack_lsb;
	bool codec_lsb;
	bool parity_lsb;
	bool xor_erased;
	bool oob_raw;
	unsigned int m;
	unsigned int t;
	unsigned int poly;
	bool rs;
	uint32_t bbm_phys;
	unsigned int bbm_len;
	uint32_t swap_data;
	uint32_t swap_oob;
	unsigned int scrambler;
	uint32_t pages_per_block;
	unsigned int nfields;
	struct mm_pl_field f[MM_PL_MAX_FIELDS];
	unsigned int nsteps;
	struct mm_ooblayout oob;
	struct mm_bch *bch;
	struct mm_rs *rsc;
	uint32_t msg_bits[MM_PL_MAX_STEPS];
	uint32_t msg_len;
	uint8_t *keystream;
	uint32_t keystream_len;
	uint8_t *ones_parity;
};

/** mm_pl_msg - format a one-line reason into @msg (@len bytes; NULL: none) */
void mm_pl_msg(char *msg, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * mm_pl_init - an empty layout (no fields, no marker, no swap, MSB first)
 * @pl: filled
 * @name: its name
 * @data_size: logical page bytes
 * @oob_size: logical OOB bytes
 */
void mm_pl_init(struct mm_pagelayout *pl, const char *name,
		uint32_t data_size, uint32_t oob_size);

/**
 * mm_pl_add - append a field
 * @pl: the layout
 * @kind: enum mm_pl_kind
 * @bits: its length in bits (0 adds nothing)
 * @dst: logical bit offset (D, O), ignored otherwise
 * @step: its ECC step or MM_PL_NOSTEP
 *
 * Return: 0, or -ENOSPC when MM_PL_MAX_FIELDS are used.
 */
int mm_pl_add(struct mm_pagelayout *pl, unsigned int kind, uint32_t bits,
	      uint32_t dst, unsigned int step);

/**
 * mm_pl_finalize - check a layout and build its code
 * @pl: the layout; phys_size, when 0, becomes the sum of the fields
 * @msg: a one-line reason on failure
 * @len: size of @msg
 *
 * Checks: the fields add up to phys_size bytes; D fields cover the logical
 * data exactly once and O fields stay inside the logical OOB without
 * overlap; steps are numbered 0..n-1, each with one E field long enough for
 * m·t bits; fields of a step are byte aligned when the codec and the stream
 * number bits differently; the message fits the field (8·msg + m·t < 2^m);
 * the swap offsets lie inside the logical buffers; the OOB layout ranges.
 *
 * Return: 0, -EINVAL with @msg filled, -ENOMEM.
 */
int mm_pl_finalize(struct mm_pagelayout *pl, char *msg, size_t len);

/** mm_pl_release - free what mm_pl_finalize() built (safe twice) */
void mm_pl_release(struct mm_pagelayout *pl);

/**
 * mm_pl_decode - a physical page to the logical data and OOB, corrected
 * @pl: a finalized layout
 * @page: the page index in the chip (scrambler seed), or 0
 * @phys: phys_size bytes as read
 * @data: data_size bytes, filled (may be NULL)
 * @oob: oob_size bytes, filled (may be NULL)
 * @st: counters to add to, or NULL
 * @state: the page's verdict, or NULL
 *
 * Return: 0 (uncorrectable steps are reported through @st and @state; the
 * data of such a step is left as read), -ENOMEM.
 */
int mm_pl_decode(const struct mm_pagelayout *pl, uint64_t page,
		 const uint8_t *phys, uint8_t *data, uint8_t *oob,
		 struct mm_ecc_stat *st, enum mm_page_state *state);

/**
 * mm_pl_encode - the physical page a controller programs for a logical one
 * @pl: a finalized layout
 * @page: the page index (scrambler seed)
 * @data: data_size bytes
 * @oob: oob_size bytes, or NULL for all 0xFF
 * @phys: phys_size bytes, filled
 *
 * A page whose data and OOB are all 0xFF is left all 0xFF (not programmed),
 * as controllers and nandwrite skip empty pages.
 *
 * Return: 0, -ENOMEM.
 */
int mm_pl_encode(const struct mm_pagelayout *pl, uint64_t page,
		 const uint8_t *data, const uint8_t *oob, uint8_t *phys);

/**
 * mm_pl_scratch_size - bytes of work space mm_pl_decode_scratch() and
 * mm_pl_encode_scratch() need for @pl
 */
size_t mm_pl_scratch_size(const struct mm_pagelayout *pl);

/**
 * mm_pl_decode_scratch - mm_pl_decode() in the caller's work space
 * @work: mm_pl_scratch_size() bytes, this call's alone while it runs (a
 *	codec keeps a few and hands one to each reader: no allocation per page)
 *
 * mm_pl_decode() is this with a buffer of its own (so it may fail with
 * -ENOMEM); this cannot fail.
 */
void mm_pl_decode_scratch(const struct mm_pagelayout *pl, uint64_t page,
			  const uint8_t *phys, uint8_t *data, uint8_t *oob,
			  struct mm_ecc_stat *st, enum mm_page_state *state,
			  uint8_t *work);

/**
 * mm_pl_encode_scratch - mm_pl_encode() in the caller's work space
 * @work: mm_pl_scratch_size() bytes, as for mm_pl_decode_scratch()
 */
void mm_pl_encode_scratch(const struct mm_pagelayout *pl, uint64_t page,
			  const uint8_t *data, const uint8_t *oob,
			  uint8_t *phys, uint8_t *work);

/**
 * mm_pl_is_bad - the factory marker of one physical page says "bad"
 * (any marker byte other than 0xFF). False without a marker.
 */
bool mm_pl_is_bad(const struct mm_pagelayout *pl, const uint8_t *phys);

/**
 * mm_pl_parse - a layout from a spec string (grammar in docs/layouts.md)
 * @pl: filled and finalized
 * @spec: e.g. "data=512;oob=16;bch=13/4;fields=D512,O9,E7"
 * @msg: a one-line reason on failure
 * @len: size of @msg
 *
 * Return: 0, -EINVAL with @msg filled, -ENOMEM.
 */
int mm_pl_parse(struct mm_pagelayout *pl, const char *spec, char *msg,
		size_t len);

/**
 * mm_pl_format - the spec string of a layout (mm_pl_parse() gives it back)
 * @pl: the layout
 * @buf: filled, NUL terminated
 * @len: size of @buf
 *
 * Return: the length of the full string (as snprintf: truncated when >=
 * @len).
 */
size_t mm_pl_format(const struct mm_pagelayout *pl, char *buf, size_t len);

#endif /* MM_PAGELAYOUT_H */
