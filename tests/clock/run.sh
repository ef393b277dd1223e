#!/bin/bash
# tests/clock/run.sh "2027-03-31 23:59:59" CMD...: CMD (and every process it starts) with the
# machine's clock moved to that moment and running on from there, file times alike (libfaketime:
# a real clock offset, the monotonic clock left alone). Set LIBFAKETIME to the library; Debian
# 12's 0.9.10 breaks Python 3.11's time.sleep (wolfcw/libfaketime#426): build it from source.
set -eu
when="$1"
shift
lib="${LIBFAKETIME:-/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1}"
if [ ! -f "$lib" ]; then
    echo "libfaketime not found at $lib (set LIBFAKETIME)" >&2
    exit 2
fi
offset=$(($(date -d "$when" +%s) - $(date +%s)))
# NO_FAKE_STAT: file times as the kernel keeps them (libfaketime fakes stat but not lstat,
# fstat or scandir, so a faked stat would disagree with them)
export NO_FAKE_STAT=1 FAKETIME_DONT_FAKE_MONOTONIC=1 FAKETIME="+${offset}s" LD_PRELOAD="$lib"
exec "$@"
