// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * usage.c - --help, --list-formats and --list-layouts.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../core/layout/presets.h"
#include "../formats/format.h"
#include "cli.h"

void mm_usage(void)
{
	fputs(
"Usage:\n"
" " MM_PROG " [options] <dump>                 serve the dump as an MTD over MUSE\n"
" " MM_PROG " [options] <dump> <mountpoint>    show the dump as files over FUSE\n"
" " MM_PROG " info [options] <dump>            report what the dump holds\n"
" " MM_PROG " convert [options] <dump> -o <file>  convert the dump\n"
" " MM_PROG " replay [options] <dump> <log> --cut=<n> -o <file>\n"
"                                        the chip after a power cut\n"
" " MM_PROG " replay --list <log>            list the log's records\n"
" " MM_PROG " extract [dump options] <dump> -o <dir>\n"
"                                        the files, by the kernel, in a VM\n"
"\n"
"Turn a raw flash dump into a Linux MTD device, or inspect and convert it.\n"
"The dump is opened read-only, always.\n"
"\n"
"Dump options:\n"
"     --format=<name>         force a reader (see --list-formats)\n"
"     --list-formats          list the readers and exit\n"
"     --page-size=<size>      data bytes per page (e.g. 2048, 4KiB)\n"
"     --oob-size=<size>       OOB bytes per page (0 for data-only dumps)\n"
"     --pages-per-block=<n>   pages per eraseblock\n"
"     --block-count=<n>       eraseblocks in the chip\n"
"     --size=<size>           chip size in data bytes (e.g. 128MiB)\n"
"     --subpage=<size>        NAND sub-page size (or shift 0-2)\n"
"     --bus-width=<8|16>      bus width of the chip\n"
"     --bb=<mode>             how bad blocks were dumped: skipbad, padbad,\n"
"                               dumpbad (convert: how to write them)\n"
"     --in-bb=<mode>          how bad blocks were dumped (for convert)\n"
"     --bad-blocks=<list>     bad blocks by index (3,20,0x14,30-33)\n"
"     --bbm-offset=<n>        OOB byte of the bad block marker\n"
"     --bbm-pages=<list>      pages holding the marker: first,second,last\n"
"     --no-bbm-scan           do not read bad block markers from the OOB\n"
"     --ecc=<scheme>          none, hamming[512][-sm], bch<t>[/1024], auto\n"
"     --oob-layout=<spec>     lp-hamming, lp, sp, omap-bch8 or ranges\n"
"                               (bbm=0-1,free=2-39,ecc=40-63)\n"
"     --layout=<layout>       a controller's page layout: a preset[:opts]\n"
"                               (see --list-layouts), a spec, or auto\n"
"     --list-layouts          list the controller presets and exit\n"
"     --member=<name>         archive member to open\n"
"     --oob-file=<file>       spare areas in a separate file\n"
"     --sector-size=<size>    spare interleaved per sector of this size\n"
"     --swap16                swap the bytes of each 16-bit word (x16 chips)\n"
"     --bit-reverse           reverse the bits of every byte\n"
"     --invert                invert every byte\n"
"     --transform=<list>      transforms by name: invert, swap16, bit-reverse\n"
"     --extra-read=<file>     another read of the same chip (repeatable)\n"
"\n"
"Serve options (MUSE):\n"
"     --name=<name>           MTD name (default: from the file name)\n"
"     --type=<type>           nand, mlc-nand, nor, rom, ram, dataflash\n"
"     --writable              accept writes, kept in memory\n"
"     --overlay=<file>        accept writes, kept in a copy-on-write file\n"
"                               (convert: read through it)\n"
"     --mtdparts=<parts>      partitions, e.g. '1M(boot),-(rootfs)', or auto\n"
"                               (the map in the dump; auto:<source>)\n"
"     --max-io=<size>         largest read or write request\n"
"     --muse-dev=<path>       MUSE device node (default /dev/muse)\n"
"     --muse-fd=<n>           serve an already open descriptor\n"
" -d, --debug                 log every request and reply\n"
"     --faults=<spec>         inject faults (repeatable): flips:rate=R,\n"
"                               flips:count=N[,step], disturb:rate=R,\n"
"                               wear:rate=R, stuck:page=P,bit=B,\n"
"                               program-fail:block=B[,after=N|p=X],\n"
"                               erase-fail:..., grow-bad:block=B,erases=N,\n"
"                               latency:read=US,write=US,erase=US\n"
"     --seed=<n>              seed of the faults (and of replay)\n"
"     --record=<log>          log every write, erase, markbad and sync\n"
"     --user=<name|uid[:gid]> serve as this user (default when root: nobody)\n"
"     --no-sandbox            keep root, new privileges and every system call\n"
"                               (for debugging; docs/security.md)\n"
"     --ecc-log=<file>        log every uncorrectable page read, one a line\n"
"\n"
"File view options (FUSE):\n"
" -f, --foreground            do not daemonize\n"
" -o <options>                mount options passed to FUSE (e.g. allow_other)\n"
"     --user, --no-sandbox    as for serve: the view's request loop runs in a\n"
"                               sandboxed child; the daemon unmounts\n"
"\n"
"info options:\n"
"     --json                  print one JSON object\n"
"     --no-hash               no SHA-256 of the file and its layers (the one\n"
"                               cost that grows with every byte)\n"
"     --verify                read the media and check the hashes an E01\n"
"                               stores (exit status 2 if they differ)\n"
"\n"
"convert options:\n"
" -o, --output=<file>         the output file\n"
"     --to=<raw|oob>          data only, or page + OOB records\n"
"     --reencode              recompute the ECC bytes of the output\n"
"     --force                 overwrite an existing output file\n"
"\n"
"replay options:\n"
"     --cut=<n|random>        apply the first n records of the log\n"
"     --torn                  and record n+1 half, as flash tears\n"
"     --pairing=<rule>        with --type=mlc-nand: a torn upper page damages\n"
"                               its lower page (dist3, offset:<d>)\n"
"     --list                  list the log's records (replay --list <log>)\n"
" -o, --output=<file>         the output file (--to, --force as convert)\n"
"\n"
"extract options (a throwaway QEMU guest, as any user):\n"
" -o, --output=<dir>          the files, one directory per file system, and\n"
"                               manifest.json, kernel.log, console.log\n"
"     --tar=<file>            a tar instead, manifest.json in it (- for stdout)\n"
"     --bodyfile=<file>       also a Sleuth Kit body file (mactime)\n"
"     --prepare               make the cached guest now and say what it used\n"
"     --kernel=<vmlinuz>      the guest kernel (default: Debian's, fetched)\n"
"     --modules=<dir>         its lib/modules/<release>\n"
"     --muse-ko=<file>        muse.ko built for it (default: built once)\n"
"     --shell                 a shell in the guest, file systems mounted\n"
"     --timeout=<seconds>     time for the whole guest run (default 600)\n"
"     --guest-walk            (inside the guest: write the tar; --meta=<file>)\n"
"\n"
"Common options:\n"
" -q, --quiet                 print only errors\n"
"     --no-progress           no progress bar\n"
" -h, --help                  display this help\n"
" -V, --version               display version\n"
"\n"
"For more details see muse-mount(8).\n", stdout);
	exit(MM_EXIT_OK);
}

void mm_list_formats(void)
{
	int i;

	for (i = 0; mm_formats[i]; i++)
		printf("%s\t%s\n", mm_formats[i]->name, mm_formats[i]->desc);
}

void mm_list_layouts(void)
{
	const struct mm_pl_preset *const *p;

	for (p = mm_pl_presets(); *p; p++)
		printf("%s\t%s\t%s\n", (*p)->name, (*p)->desc,
		       (*p)->opts && *(*p)->opts ? (*p)->opts : "-");
}
