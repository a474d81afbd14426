# cells SHEETXML: one line per row, "ROW: CELL=VALUE/sSTYLE ..." (blanks left out)
{ cat "$1"; echo; } | sed -e 's/<row /\
<row /g' -e 's#</sheetData>.*##' | sed -n '/^<row /{
s/^<row r="\([0-9]*\)"[^>]*>/\1:/
s#<c r="\([A-Z]*\)[0-9]*" s="\([0-9]*\)" t="inlineStr"><is><t>\([^<]*\)</t></is></c># \1=\3/s\2#g
s#<c r="\([A-Z]*\)[0-9]*" s="\([0-9]*\)"><v>\([^<]*\)</v></c># \1=\3/s\2#g
s#<c r="\([A-Z]*\)[0-9]*"><v>\([^<]*\)</v></c># \1=\2#g
s#<c r="[A-Z]*[0-9]*" s="[0-9]*"/>##g
s#</row>##
p
}'
