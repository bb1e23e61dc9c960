# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for muse-mount(8)

_muse_mount_module()
{
	local cur prev words cword sub i
	_init_completion || return

	sub=
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		info|convert|replay|extract) sub=${words[i]}; break ;;
		esac
	done

	case $prev in
	--format)
		COMPREPLY=($(compgen -W "$(muse-mount --list-formats 2>/dev/null | cut -f1)" -- "$cur"))
		return ;;
	--bb|--in-bb)
		COMPREPLY=($(compgen -W 'skipbad padbad dumpbad' -- "$cur"))
		return ;;
	--bbm-pages)
		COMPREPLY=($(compgen -W 'first second last first,second first,second,last' -- "$cur"))
		return ;;
	--bus-width)
		COMPREPLY=($(compgen -W '8 16' -- "$cur"))
		return ;;
	--ecc)
		COMPREPLY=($(compgen -W 'none hamming hamming512 hamming-sm bch4 bch8 bch16/1024 auto' -- "$cur"))
		return ;;
	--oob-layout)
		COMPREPLY=($(compgen -W 'lp-hamming lp sp omap-bch8' -- "$cur"))
		return ;;
	--layout)
		COMPREPLY=($(compgen -W "auto $(muse-mount --list-layouts 2>/dev/null | cut -f1)" -- "$cur"))
		return ;;
	--to)
		COMPREPLY=($(compgen -W 'raw oob' -- "$cur"))
		return ;;
	--faults)
		COMPREPLY=($(compgen -W 'flips:rate= flips:count= disturb:rate= wear:rate= stuck:page= program-fail:block= erase-fail:block= grow-bad:block= latency:read=' -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		return ;;
	--cut)
		COMPREPLY=($(compgen -W 'random' -- "$cur"))
		return ;;
	--record|--ecc-log|--bodyfile|--tar|--kernel|--muse-ko|--meta)
		_filedir
		return ;;
	--modules)
		_filedir -d
		return ;;
	--timeout)
		return ;;
	--seed)
		return ;;
	--transform)
		COMPREPLY=($(compgen -W 'invert swap16 bit-reverse' -- "$cur"))
		return ;;
	--type)
		COMPREPLY=($(compgen -W 'nand mlc-nand nor rom ram dataflash' -- "$cur"))
		return ;;
	--page-size|--subpage|--sector-size)
		COMPREPLY=($(compgen -W '512 2048 4096 8192 16384' -- "$cur"))
		return ;;
	--oob-size)
		COMPREPLY=($(compgen -W '0 16 64 128 224 256 448 640' -- "$cur"))
		return ;;
	--pages-per-block)
		COMPREPLY=($(compgen -W '32 64 128 256' -- "$cur"))
		return ;;
	--pairing)
		COMPREPLY=($(compgen -W 'dist3 offset:' -- "$cur"))
		[[ ${COMPREPLY-} == *: ]] && compopt -o nospace
		return ;;
	--overlay|--oob-file|--extra-read|--output|-o)
		if [[ $sub == extract ]]; then
			_filedir -d
		elif [[ $sub == convert || $sub == replay || $prev != -o ]]; then
			_filedir
		fi
		return ;;
	--muse-dev)
		_filedir
		return ;;
	--user)
		COMPREPLY=($(compgen -u -- "$cur"))
		return ;;
	--mtdparts)
		COMPREPLY=($(compgen -W 'auto auto:uboot-env auto:mtdparts auto:fdt auto:mibib auto:redboot' -- "$cur"))
		return ;;
	--block-count|--size|--bad-blocks|--bbm-offset|--name|\
	--max-io|--muse-fd|--member)
		return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '--bad-blocks --bb --bbm-offset --bbm-pages
			--bit-reverse --block-count --bodyfile --bus-width --cut --debug --ecc
			--ecc-log --extra-read --faults --force --foreground --format
			--guest-walk --help --in-bb
			--invert --json --kernel --layout --list --list-formats --list-layouts --max-io --member
			--meta --modules --mtdparts
			--muse-dev --muse-fd --muse-ko --name --no-bbm-scan --no-hash --no-progress --no-sandbox
			--oob-file --oob-layout --oob-size --output --overlay
			--page-size --pages-per-block --pairing --prepare --quiet --record --reencode
			--sector-size --seed --shell --size --subpage --swap16 --tar --timeout --to --torn
			--transform --type --user
			--verify --version --writable' -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		return
	fi
	if [[ -z $sub && $cword -eq 1 ]]; then
		COMPREPLY=($(compgen -W 'info convert replay extract' -- "$cur"))
	fi
	_filedir
}
complete -F _muse_mount_module muse-mount
