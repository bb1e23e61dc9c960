# SPDX-License-Identifier: GPL-2.0-or-later
# tests/: Check unit tests and the test tools. Keep sorted.
SRCS_unit += \
	tests/gen/gen.c \
	tests/gen/gen_vendor.c \
	tests/unit/check_bbt.c \
	tests/unit/check_bbt_onflash.c \
	tests/unit/check_bch.c \
	tests/unit/check_damage.c \
	tests/unit/check_damage_containers.c \
	tests/unit/check_dbbt.c \
	tests/unit/check_detect.c \
	tests/unit/check_dump.c \
	tests/unit/check_ecc.c \
	tests/unit/check_ecc_layout.c \
	tests/unit/check_ecc_engines.c \
	tests/unit/check_faults.c \
	tests/unit/check_fmt_archive.c \
	tests/unit/check_fmt_e01.c \
	tests/unit/check_fmt_gzip.c \
	tests/unit/check_fmt_nanddump.c \
	tests/unit/check_fmt_oob.c \
	tests/unit/check_fmt_raw.c \
	tests/unit/check_fmt_sector.c \
	tests/unit/check_fmt_split.c \
	tests/unit/check_fusion.c \
	tests/unit/check_gen_vendor.c \
	tests/unit/check_geom.c \
	tests/unit/check_hamming.c \
	tests/unit/check_json.c \
	tests/unit/check_mtdparts.c \
	tests/unit/check_ooblayout.c \
	tests/unit/check_overlay.c \
	tests/unit/check_pairing.c \
	tests/unit/check_pagelayout.c \
	tests/unit/check_preset_amlogic.c \
	tests/unit/check_preset_brcmnand.c \
	tests/unit/check_preset_gpmi.c \
	tests/unit/check_preset_hisi.c \
	tests/unit/check_preset_mtk.c \
	tests/unit/check_preset_omap.c \
	tests/unit/check_preset_pmecc.c \
	tests/unit/check_preset_qcom.c \
	tests/unit/check_preset_sunxi.c \
	tests/unit/check_probe_fdt.c \
	tests/unit/check_probe_jffs2.c \
	tests/unit/check_probe_mtdparts.c \
	tests/unit/check_probe_squashfs.c \
	tests/unit/check_probe_ubi.c \
	tests/unit/check_probe_ubifs.c \
	tests/unit/check_probe_uboot_env.c \
	tests/unit/check_probe_uimage.c \
	tests/unit/check_record.c \
	tests/unit/check_rs.c \
	tests/unit/check_scan.c \
	tests/unit/check_sha256.c \
	tests/unit/check_srv.c \
	tests/unit/check_transform.c \
	tests/unit/check_vcache.c \
	tests/unit/cont_util.c \
	tests/unit/fmt_util.c \
	tests/unit/main.c \
	tests/unit/preset_util.c \
	tests/unit/probe_util.c

# Test tools: each a single C file built to $(O)/tests/<name>.
TOOLS := \
	gen/mm-gen \
	peer/mm-peer \
	view/mm-stress

.PHONY: tools
tools: $(TOOLS:%=$(O)/tests/%) $(O)/tests/failio/mm-failio.so

# The LD_PRELOAD shim: its own flags (no _FILE_OFFSET_BITS, which would
# rename pwrite to pwrite64, and no sanitizer: it is loaded first).
$(O)/tests/failio/mm-failio.so: tests/failio/mm-failio.c
	$(call msg,CCLD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -O2 -Wall -Wextra -fPIC -shared -o $@ $< -ldl

$(O)/tests/%: tests/%.c $(LIB_OBJS)
	$(call msg,CCLD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(MM_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(MM_LDLIBS) $(LDLIBS)

# mm-gen shares its generator (gen.c) with the unit tests.
$(O)/tests/gen/mm-gen: tests/gen/mm-gen.c $(O)/tests/gen/gen.o $(O)/tests/gen/gen_vendor.o $(LIB_OBJS)
	$(call msg,CCLD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(MM_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(O)/tests/gen/gen.o $(O)/tests/gen/gen_vendor.o $(LIB_OBJS) $(MM_LDLIBS) $(LDLIBS)
