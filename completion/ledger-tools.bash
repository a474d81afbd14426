# bash completion for ledger-tools: ledger-validate, ledger-merge,
# ledger-diff, rollup-weekly, report-overseas, sample-plan, subsidy-list
# and wednesday-update.  Installed once as completions/ledger-tools, with a
# symlink per command name so that bash-completion loads it on demand; it
# also works when sourced on its own (no bash-completion helpers needed).
# The options are those of each tool's --help; keep them in step
# (make deb checks it).

_ledger_tools_common='-h --help -V --version -q --quiet --csv --tsv --ocsv
	--otsv --oxlsx --bom --lang --encoding --ascii-headers --config --schema --today
	--mask --unmask --header-from --print-config --print-schema
	--date-order --sheet'

# COMPREPLY := file names (or directory names with -d) starting with $1.
_ledger_tools_files()
{
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	if [[ $2 == -d ]]; then
		COMPREPLY=($(compgen -d -- "$1"))
	else
		COMPREPLY=($(compgen -f -- "$1"))
	fi
}

_ledger_tools()
{
	local cmd=${1##*/} cur=${COMP_WORDS[COMP_CWORD]} prev= opts i
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# --opt=value: bash splits the word at '='
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi
	COMPREPLY=()

	# after "--" only operands
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -- ]]; then
			_ledger_tools_files "$cur"
			return
		fi
	done

	if [[ $cmd == wednesday-update ]]; then
		case $prev in
		-b|--by)
			COMPREPLY=($(compgen -W 'district township village' -- "$cur"))
			return ;;
		-i|--in|-o|--out)
			_ledger_tools_files "$cur" -d
			return ;;
		-u|--update|-p|--prev|-l|--ledger)
			_ledger_tools_files "$cur"
			return ;;
		-t|--today|-d|--week-ending)
			return ;;		# a date, YYYY-MM-DD
		--date-order)
			COMPREPLY=($(compgen -W 'ymd mdy dmy' -- "$cur"))
			return ;;
		--lang)
			COMPREPLY=($(compgen -W 'zh en' -- "$cur"))
			return ;;
		esac
		COMPREPLY=($(compgen -W '-t --today -d --week-ending -u --update
		    -p --prev -l --ledger -b --by -q --quiet -i --in -o --out
		    --first --lang --date-order --district -h --help' -- "$cur"))
		return
	fi

	case $prev in
	--lang)
		COMPREPLY=($(compgen -W 'zh en' -- "$cur"))
		return ;;
	--by)
		COMPREPLY=($(compgen -W 'district township village' -- "$cur"))
		return ;;
	--encoding)
		COMPREPLY=($(compgen -W 'auto utf-8 gb18030' -- "$cur"))
		return ;;
	--date-order)
		COMPREPLY=($(compgen -W 'ymd mdy dmy' -- "$cur"))
		return ;;
	--split-format)
		COMPREPLY=($(compgen -W 'csv xlsx' -- "$cur"))
		return ;;
	--print-schema)
		# only as --print-schema=NAME (an optional argument)
		if [[ ${COMP_WORDS[COMP_CWORD - 1]} == = ]]; then
			COMPREPLY=($(compgen -W 'ledger roster' -- "$cur"))
			return
		fi ;;
	--config|--schema|--header-from|--update|--conflicts|--rejects|\
	--report|--annotate|--notes|--returns|--prev|--paid|--explain|--svg|\
	--xlsx)
		_ledger_tools_files "$cur"
		return ;;
	--split)
		_ledger_tools_files "$cur" -d
		return ;;
	--today|--week-ending|--date|--seed|--fields|--sheet)
		return ;;	# a date, a number, a list of fields, a sheet
	esac

	case $cmd in
	ledger-validate)
		opts='--normalize --strict --report --rejects --annotate --origin' ;;
	ledger-merge)
		opts='--update --add-new --conflicts --rejects' ;;
	ledger-diff)
		opts='--fields --sorted' ;;
	rollup-weekly)
		opts='--week-ending --by --prev --combine --svg --xlsx --xlsx-sheet
		    --district --note' ;;
	report-overseas)
		opts='--date --all --notes --returns' ;;
	sample-plan)
		opts='--raw-industry --draw --seed' ;;
	subsidy-list)
		opts='--paid --week-ending --split --split-format --explain' ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts $_ledger_tools_common" -- "$cur"))
		return
	fi
	_ledger_tools_files "$cur"
}

complete -F _ledger_tools ledger-validate ledger-merge ledger-diff \
	rollup-weekly report-overseas sample-plan subsidy-list wednesday-update
