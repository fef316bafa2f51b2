#!/usr/bin/env bash
# Fetches the public originals of the data sets tapegrad's examples use and verifies them.
#   bash scripts/download-data.sh                 # mnist and digits
#   bash scripts/download-data.sh mnist cat ex4   # the named ones (mnist fashion-mnist cat digits ex4)
# Files go to $TAPEGRAD_DATA (when set) or ~/.cache/tapegrad/data, in the layout of
# ../shared/data (mnist/, digits/, ...), which is where tapegrad::data::data_dir looks.
# Every file is checked against the SHA-256 sums below (the values of ../shared/data/SHA256SUMS);
# a file that does not match is deleted. Tests and CI never run this: they read ../shared/data.
#
# cat/ and ex4/ are course material without a canonical public URL: set TAPEGRAD_DATA_MIRROR to
# a base URL holding the same layout (cat/train_catvnoncat.h5, ...) to fetch them; the sums
# still decide. Fashion-MNIST is easiest from Debian: `sudo apt-get install dataset-fashion-mnist`
# (installs /usr/share/datasets/fashion-mnist, also searched); downloaded, it is checked against
# the MD5 sums upstream publishes.
set -euo pipefail

dest=${TAPEGRAD_DATA:-$HOME/.cache/tapegrad/data}
mirror=${TAPEGRAD_DATA_MIRROR:-}

declare -A sha256=(
  [mnist/train-images-idx3-ubyte.gz]=440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609
  [mnist/train-labels-idx1-ubyte.gz]=3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c
  [mnist/t10k-images-idx3-ubyte.gz]=8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6
  [mnist/t10k-labels-idx1-ubyte.gz]=f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6
  [cat/train_catvnoncat.h5]=fbe56ab67c3ae28d564e3a644189117976d6b31af0a3ce9bb17dbf22908af242
  [cat/test_catvnoncat.h5]=6a9d39ce52fa85953c5834695b8534a30ed8cfd54971fb2f080b5a24d002b951
  [ex4/ex4weights.mat]=7eb93f42e50219a15de2378c7f8e4ecdd71005fc19e0e519cd52d5ce4d74e1f5
  [digits/digits.csv.gz]=46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a
)
declare -A md5=(  # Fashion-MNIST as upstream (and torchvision) publish it
  [fashion-mnist/train-images-idx3-ubyte.gz]=8d4fb7e6c68d591d4c3dfef9ec88bf0d
  [fashion-mnist/train-labels-idx1-ubyte.gz]=25c81989df183df01b3e8a0aad5dffbe
  [fashion-mnist/t10k-images-idx3-ubyte.gz]=bef4ecab320f06d8554ea6380940ec79
  [fashion-mnist/t10k-labels-idx1-ubyte.gz]=bb300cfdad3c16e7a12a480ee83cd310
)
# Public origins, tried in order after the mirror.
urls_for() {
  local file=$1 name
  name=$(basename "$file")
  case $file in
    mnist/*) echo "https://ossci-datasets.s3.amazonaws.com/mnist/$name http://yann.lecun.com/exdb/mnist/$name" ;;
    fashion-mnist/*) echo "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/$name" ;;
    digits/*) echo "https://raw.githubusercontent.com/scikit-learn/scikit-learn/1.2.1/sklearn/datasets/data/$name" ;;
    *) echo "" ;;
  esac
}

fetch() {  # fetch URL OUT
  if command -v curl >/dev/null; then curl -fsSL --retry 2 -o "$2" "$1"; else wget -q -O "$2" "$1"; fi
}

verify() {  # verify FILE RELATIVE
  if [[ -n ${sha256[$2]:-} ]]; then
    echo "${sha256[$2]}  $1" | sha256sum -c --status
  else
    echo "${md5[$2]}  $1" | md5sum -c --status
  fi
}

sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(mnist digits)
status=0
for set in "${sets[@]}"; do
  files=()
  for f in "${!sha256[@]}" "${!md5[@]}"; do [[ $f == "$set/"* ]] && files+=("$f"); done
  if [ ${#files[@]} -eq 0 ]; then
    echo "download-data: unknown data set '$set' (known: mnist fashion-mnist cat digits ex4)" >&2
    exit 2
  fi
  mkdir -p "$dest/$set"
  for f in "${files[@]}"; do
    out="$dest/$f"
    if [ -f "$out" ] && verify "$out" "$f"; then
      echo "download-data: $f already present and verified"
      continue
    fi
    candidates=()
    [ -n "$mirror" ] && candidates+=("${mirror%/}/$f")
    for u in $(urls_for "$f"); do candidates+=("$u"); done
    if [ ${#candidates[@]} -eq 0 ]; then
      echo "download-data: $f has no public URL; set TAPEGRAD_DATA_MIRROR or copy it to $out" >&2
      status=1
      continue
    fi
    ok=0
    for url in "${candidates[@]}"; do
      echo "download-data: $url"
      if fetch "$url" "$out.part" && verify "$out.part" "$f"; then
        mv "$out.part" "$out"
        ok=1
        break
      fi
      rm -f "$out.part"
      echo "download-data: $url failed or does not match its checksum" >&2
    done
    [ $ok -eq 1 ] || status=1
  done
done
[ $status -eq 0 ] && echo "download-data: done, files in $dest"
exit $status
