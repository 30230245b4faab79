;; The line kernel of the reader (issue 17), WebAssembly with SIMD. It walks the complete lines of
;; mem[from, to): finds each newline 16 or 32 bytes at a time, counts the lines, and decides for
;; the lines it can classify exactly as LineScanner's JavaScript path (scanner.ts) would:
;;   - a line in Apache 2.4's built-in format whose module tag cannot carry a signature
;;     ([wsgi:…] application output with "[remote …]", [core:…], [ssl:…], …), or a 3.x "[:…]"
;;     line without a needle, is counted only (`boring`);
;;   - a line in an envelope it recognises with the same byte tests as the envelope's sniff in
;;     envelopes.ts (and none of the tests of the envelopes before it in ENVELOPES): RFC 3164,
;;     RFC 5424 / RSYSLOG_FileFormat, journalctl short-iso, docker -t, prefixed, and without a
;;     needle, is counted only, per envelope (`counts`);
;;   - every other line (mod_wsgi's own [wsgi:…] lines, [mpm_*:…], any line holding a needle,
;;     CRI and JSON envelopes, lines without an envelope, pasted text, …) is written to `out` as
;;     (start, line index) for JavaScript to decide, with the result of the needle search.
;; "Holds a needle" is exact: the needles of src/wsgi/catalogue.ts are written into the table
;; at $tab by kernel/index.ts; a fingerprint of each (two adjacent bytes) is looked for 16
;; positions at a time with nibble tables (lo/hi nibble -> bucket bits, the "shufti" technique
;; of Hyperscan), and each candidate is compared with the whole needle.
;; The last counted line (start, end, envelope) gives the range's last time. With `wantFirst`
;; (the range has no first time yet) the first line it could count is handed out instead, and
;; the call ends after it, so that JavaScript reads first times exactly as the per-line walk
;; does. It stops at `stopAt` (a range's end), before an unterminated last line, when `out` is
;; full, or after that first line (`more`); `rest` says where to go on. Assembled by
;; scripts/build.mjs (wabt's wat2wasm).
(module
  (memory (export "memory") 36)
  (global $rest (export "rest") (mut i32) (i32.const 0))
  (global $lines (export "lines") (mut i32) (i32.const 0))
  (global $boring (export "boring") (mut i32) (i32.const 0))
  (global $lastBoring (export "lastBoring") (mut i32) (i32.const -1))
  (global $lastBoringEnd (export "lastBoringEnd") (mut i32) (i32.const -1))
  ;; the envelope of the last counted line: 0 Apache, 1 RFC 3164, 2 RFC 5424 / RSYSLOG_FileFormat,
  ;; 3 journalctl short-iso, 4 docker -t, 5 prefixed (the codes of `counts`)
  (global $lastKind (export "lastKind") (mut i32) (i32.const 0))
  (global $stopped (export "stopped") (mut i32) (i32.const 0))
  ;; the call ended with whole lines left before `to` (out full, or the first line handed out)
  (global $more (export "more") (mut i32) (i32.const 0))
  ;; set by $nextNlN: the line holds a needle
  (global $needle (mut i32) (i32.const 0))
  ;; the needle table (kernel/index.ts writes it): lo1, hi1, lo2, hi2 (16 bytes each), the
  ;; first needle of bucket b (u8) at +96 + b (+104: the needle count), needle k, sorted by bucket, at +128 + 80k as (fingerprint offset u32, length u32, bytes[≤ 72]),
  ;; 32 bytes of scratch at +1536, and the lines counted per envelope code (u32 each) at +1600
  (global $tab (export "tab") i32 (i32.const 0x210000))
  (global $lo1 (mut v128) (v128.const i64x2 0 0))
  (global $hi1 (mut v128) (v128.const i64x2 0 0))
  (global $lo2 (mut v128) (v128.const i64x2 0 0))
  (global $hi2 (mut v128) (v128.const i64x2 0 0))

  ;; the first newline in [p, to), or `to`
  (func $nextNl (param $p i32) (param $to i32) (result i32)
    (local $m i32)
    (block $tail
      (loop $vec
        (br_if $tail (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $to)))
        (local.set $m
          (i8x16.bitmask (i8x16.eq (v128.load (local.get $p)) (i8x16.splat (i32.const 10)))))
        (if (local.get $m)
          (then (return (i32.add (local.get $p) (i32.ctz (local.get $m))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $vec)))
    (loop $byte
      (if (i32.ge_u (local.get $p) (local.get $to)) (then (return (local.get $to))))
      (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 10)) (then (return (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $byte))
    (local.get $to))

  ;; 1 when a needle starts at one of the lanes in `m` of the 32 bytes at p ($c, $c2: the
  ;; lanes' bucket bits); the needles of bucket b are entries [first, next) with first = u8 at +96 + b
  (func $verify (param $p i32) (param $m i32) (param $c v128) (param $c2 v128) (result i32)
    (local $q i32) (local $b i32) (local $bit i32) (local $k i32) (local $last i32) (local $e i32)
    (local $len i32) (local $x i32) (local $s i32)
    (v128.store offset=1536 (global.get $tab) (local.get $c))
    (v128.store offset=1552 (global.get $tab) (local.get $c2))
    (loop $lanes
      (local.set $q (i32.ctz (local.get $m)))
      (local.set $b (i32.load8_u offset=1536 (i32.add (global.get $tab) (local.get $q))))
      (loop $buckets
        (local.set $bit (i32.ctz (local.get $b)))
        (local.set $k (i32.load8_u offset=96 (i32.add (global.get $tab) (local.get $bit))))
        (local.set $last (i32.load8_u offset=97 (i32.add (global.get $tab) (local.get $bit))))
        (block $nextBucket
          (loop $needles
            (br_if $nextBucket (i32.ge_u (local.get $k) (local.get $last)))
            (local.set $e
              (i32.add (i32.add (global.get $tab) (i32.const 128)) (i32.mul (local.get $k) (i32.const 80))))
            (local.set $len (i32.load offset=4 (local.get $e)))
            (local.set $x (i32.const 0))
            ;; the needle would start its fingerprint offset before the lane (in this line, as
            ;; no needle holds a newline; one that would start before address 0 cannot)
            (local.set $s (i32.sub (i32.add (local.get $p) (local.get $q)) (i32.load (local.get $e))))
            (if (i32.ge_s (local.get $s) (i32.const 0))
              (then
                (block $differ
                  (loop $cmp
                    (if (i32.ge_u (local.get $x) (local.get $len)) (then (return (i32.const 1))))
                    (br_if $differ
                      (i32.ne
                        (i32.load8_u (i32.add (local.get $s) (local.get $x)))
                        (i32.load8_u offset=8 (i32.add (local.get $e) (local.get $x)))))
                    (local.set $x (i32.add (local.get $x) (i32.const 1)))
                    (br $cmp)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $needles)))
        (local.set $b (i32.and (local.get $b) (i32.sub (local.get $b) (i32.const 1))))
        (br_if $buckets (local.get $b)))
      (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
      (br_if $lanes (local.get $m)))
    (i32.const 0))

;; the first newline in [p, to), or `to`; $needle: a needle starts before it. 32 bytes a
  ;; round (two blocks: fewer branches per byte); they may read up to 33 bytes past `to` (inside
  ;; the memory: `to` is at most the window's end).
  (func $nextNlN (param $p i32) (param $to i32) (result i32)
    (local $v v128) (local $v2 v128) (local $w v128) (local $c v128) (local $c2 v128) (local $f v128)
    (local $nl i32) (local $m i32) (local $found i32)
    (local $lo1 v128) (local $hi1 v128) (local $lo2 v128) (local $hi2 v128) (local $ten v128)
    (local.set $f (i8x16.splat (i32.const 15)))
    (local.set $ten (i8x16.splat (i32.const 10)))
    (local.set $lo1 (global.get $lo1))
    (local.set $hi1 (global.get $hi1))
    (local.set $lo2 (global.get $lo2))
    (local.set $hi2 (global.get $hi2))
    (loop $vec
      (local.set $v (v128.load (local.get $p)))
      (local.set $v2 (v128.load offset=16 (local.get $p)))
      (local.set $nl
        (i32.or
          (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $ten)))
          (i32.shl (i8x16.bitmask (i8x16.eq (local.get $v2) (local.get $ten))) (i32.const 16))))
      (if (i32.gt_u (i32.add (local.get $p) (i32.const 32)) (local.get $to))
        (then
          ;; (to - p < 32: the shift stays below 32)
          (local.set $nl
            (i32.and (local.get $nl)
              (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $to) (local.get $p))) (i32.const 1))))))
      (if (i32.eqz (local.get $found))
        (then
          ;; the buckets of each lane's byte as a fingerprint's first, and of the next byte as
          ;; its second (the nibble lookups written out: V8 does not inline wasm calls)
          (local.set $w (v128.load offset=1 (local.get $p)))
          (local.set $c
            (v128.and
              (v128.and
                (i8x16.swizzle (local.get $lo1) (v128.and (local.get $v) (local.get $f)))
                (i8x16.swizzle (local.get $hi1)
                  (v128.and (i16x8.shr_u (local.get $v) (i32.const 4)) (local.get $f))))
              (v128.and
                (i8x16.swizzle (local.get $lo2) (v128.and (local.get $w) (local.get $f)))
                (i8x16.swizzle (local.get $hi2)
                  (v128.and (i16x8.shr_u (local.get $w) (i32.const 4)) (local.get $f))))))
          (local.set $w (v128.load offset=17 (local.get $p)))
          (local.set $c2
            (v128.and
              (v128.and
                (i8x16.swizzle (local.get $lo1) (v128.and (local.get $v2) (local.get $f)))
                (i8x16.swizzle (local.get $hi1)
                  (v128.and (i16x8.shr_u (local.get $v2) (i32.const 4)) (local.get $f))))
              (v128.and
                (i8x16.swizzle (local.get $lo2) (v128.and (local.get $w) (local.get $f)))
                (i8x16.swizzle (local.get $hi2)
                  (v128.and (i16x8.shr_u (local.get $w) (i32.const 4)) (local.get $f))))))
          (if (v128.any_true (v128.or (local.get $c) (local.get $c2)))
            (then
              (local.set $m
                (i32.or
                  (i8x16.bitmask (i8x16.ne (local.get $c) (v128.const i64x2 0 0)))
                  (i32.shl (i8x16.bitmask (i8x16.ne (local.get $c2) (v128.const i64x2 0 0))) (i32.const 16))))
              ;; only the lanes before the newline belong to this line
              (if (local.get $nl)
                (then
                  (local.set $m
                    (i32.and (local.get $m)
                      (i32.sub (i32.and (local.get $nl) (i32.sub (i32.const 0) (local.get $nl))) (i32.const 1))))))
              (if (local.get $m)
                (then
                  (local.set $found
                    (call $verify (local.get $p) (local.get $m) (local.get $c) (local.get $c2)))))))))
      (if (local.get $nl)
        (then
          (global.set $needle (local.get $found))
          (return (i32.add (local.get $p) (i32.ctz (local.get $nl))))))
      (local.set $p (i32.add (local.get $p) (i32.const 32)))
      (br_if $vec (i32.lt_u (local.get $p) (local.get $to))))
    (global.set $needle (local.get $found))
    (local.get $to))

  ;; the first `]` in [p, end), or -1
  (func $close (param $p i32) (param $end i32) (result i32)
    (loop $byte
      (if (i32.ge_u (local.get $p) (local.get $end)) (then (return (i32.const -1))))
      (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 93)) (then (return (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $byte))
    (i32.const -1))

  ;; 1 when the line [i, end) is in 2.4's built-in format and cannot carry a signature
  ;; (scanner.ts: isDefault24 and the module-tag tests after it); 3.x's "[:…]" is decided by
  ;; the needles in scan
  (func $boringLine (param $i i32) (param $end i32) (param $to i32) (result i32)
    (local $m i32) (local $c i32) (local $p1 i32) (local $p2 i32)
    (if (i32.le_s (i32.sub (local.get $end) (local.get $i)) (i32.const 40)) (then (return (i32.const 0))))
    (local.set $m (i32.add (local.get $i) (i32.const 35)))
    (local.set $c (i32.load8_u (local.get $m)))
    (if (i32.eq (local.get $c) (i32.const 119)) ;; w
      (then
        ;; "[wsgi:" … "] [remote": application output, else mod_wsgi's own line
        (if (i32.ne (i32.load offset=1 align=1 (local.get $m)) (i32.const 0x3a696773)) ;; "sgi:"
          (then (return (i32.const 1))))
        (local.set $p1 (call $close (i32.add (local.get $m) (i32.const 5)) (local.get $end)))
        (if (i32.lt_s (local.get $p1) (i32.const 0)) (then (return (i32.const 1))))
        (local.set $p2 (call $close (i32.add (local.get $p1) (i32.const 1)) (local.get $end)))
        (if (i32.lt_s (local.get $p2) (i32.const 0)) (then (return (i32.const 1))))
        (if (i32.ge_u (i32.add (local.get $p2) (i32.const 4)) (local.get $to)) (then (return (i32.const 0))))
        (return
          (i32.and
            (i32.eq (i32.load8_u offset=2 (local.get $p2)) (i32.const 91))
            (i32.and
              (i32.eq (i32.load8_u offset=3 (local.get $p2)) (i32.const 114))
              (i32.eq (i32.load8_u offset=4 (local.get $p2)) (i32.const 101)))))))
    (if (i32.eq (local.get $c) (i32.const 109)) ;; m: [mpm_*:…] carries the restart markers
      (then
        (return
          (i32.eqz
            (i32.and
              (i32.eq (i32.load8_u offset=1 (local.get $m)) (i32.const 112))
              (i32.and
                (i32.eq (i32.load8_u offset=2 (local.get $m)) (i32.const 109))
                (i32.eq (i32.load8_u offset=3 (local.get $m)) (i32.const 95))))))))
    (i32.const 1))

  ;; An RFC 3164 line at i as sniffEnvelope sees it: where its stamp starts (after "<PRI>"),
  ;; or -1. The envelopes before it in ENVELOPES need "[", a digit or "{" first, or
  ;; "<PRI>1 " (RFC 5424: "1" where this needs a month), except Apache's two letter-first
  ;; tests (a 2.2/ctime stamp "Www Mmm dd hh:", "AH00558:"), which are left to JavaScript.
  ;; The caller checks the length (end - j > 16) once it knows the end.
  (func $sys3164 (param $i i32) (result i32)
    (local $j i32) (local $c i32)
    (local.set $j (local.get $i))
    (if (i32.eq (i32.load8_u (local.get $j)) (i32.const 60)) ;; <PRI>
      (then
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (block $digits
          (loop $d
            (br_if $digits (i32.ge_u (local.get $j) (i32.add (local.get $i) (i32.const 5))))
            (br_if $digits
              (i32.gt_u (i32.sub (i32.load8_u (local.get $j)) (i32.const 48)) (i32.const 9)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $d)))
        (if (i32.ne (i32.load8_u (local.get $j)) (i32.const 62)) (then (return (i32.const -1))))
        (local.set $j (i32.add (local.get $j) (i32.const 1))))
      (else
        ;; "AH…" and "Www Mmm dd hh:" (looksLikeRecordStart) may be Apache's
        (if (i32.and
              (i32.eq (i32.load8_u (local.get $i)) (i32.const 65))
              (i32.eq (i32.load8_u offset=1 (local.get $i)) (i32.const 72)))
          (then (return (i32.const -1))))
        (if (i32.and
              (i32.eq (i32.load8_u offset=7 (local.get $i)) (i32.const 32))
              (i32.eq (i32.load8_u offset=13 (local.get $i)) (i32.const 58)))
          (then (return (i32.const -1))))))
    ;; MONTH_FIRST: J F M A S O N D, as bits over 'A'…
    (local.set $c (i32.sub (i32.load8_u (local.get $j)) (i32.const 65)))
    (if (i32.gt_u (local.get $c) (i32.const 25)) (then (return (i32.const -1))))
    (if (i32.eqz (i32.and (i32.shr_u (i32.const 291369) (local.get $c)) (i32.const 1)))
      (then (return (i32.const -1))))
    (if (i32.and
          (i32.and
            (i32.eq (i32.load8_u offset=3 (local.get $j)) (i32.const 32))
            (i32.eq (i32.load8_u offset=6 (local.get $j)) (i32.const 32)))
          (i32.and
            (i32.eq (i32.load8_u offset=9 (local.get $j)) (i32.const 58))
            (i32.eq (i32.load8_u offset=12 (local.get $j)) (i32.const 58))))
      (then (return (local.get $j))))
    (i32.const -1))

;; "HOST TAG[PID]: " at i (envelopes.ts hostTagFollows): every byte it reads lies in [i, end]
  (func $hostTag (param $i i32) (param $end i32) (result i32)
    (local $j i32) (local $k i32) (local $lim i32) (local $c i32)
    (local.set $c (i32.load8_u (local.get $i)))
    (if (i32.or (i32.eq (local.get $c) (i32.const 91)) (i32.eq (local.get $c) (i32.const 123)))
      (then (return (i32.const 0))))
    (local.set $lim (i32.add (local.get $i) (i32.const 256)))
    (if (i32.gt_u (local.get $lim) (local.get $end)) (then (local.set $lim (local.get $end))))
    (local.set $j (local.get $i))
    (block $host
      (loop $b
        (br_if $host (i32.ge_u (local.get $j) (local.get $lim)))
        (br_if $host (i32.eq (i32.load8_u (local.get $j)) (i32.const 32)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $b)))
    (if (i32.or (i32.ge_u (local.get $j) (local.get $lim)) (i32.eq (local.get $j) (local.get $i)))
      (then (return (i32.const 0))))
    (local.set $lim (i32.add (local.get $j) (i32.const 64)))
    (if (i32.gt_u (local.get $lim) (local.get $end)) (then (local.set $lim (local.get $end))))
    (local.set $k (i32.add (local.get $j) (i32.const 1)))
    (block $none
      (loop $t
        (br_if $none (i32.ge_u (local.get $k) (local.get $lim)))
        (local.set $c (i32.load8_u (local.get $k)))
        (if (i32.eq (local.get $c) (i32.const 58))
          (then
            (return
              (i32.or
                (i32.ge_u (i32.add (local.get $k) (i32.const 1)) (local.get $end))
                (i32.eq (i32.load8_u offset=1 (local.get $k)) (i32.const 32))))))
        (if (i32.and (i32.eq (local.get $c) (i32.const 91))
              (i32.eq (local.get $k) (i32.add (local.get $j) (i32.const 1))))
          (then (return (i32.const 0))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $t)))
    (i32.const 0))

  ;; The envelope code of a line [i, end) that starts with a digit: an RFC 3339 stamp
  ;; "YYYY-MM-DDTHH:MM:SS[.f…][Z|±hh[:]mm]" (envelopes.ts isoTEnd) followed by " HOST TAG: "
  ;; (2 or 3 by its offset), by " " (4), or glued (5); -1 for JavaScript: not such a stamp, a
  ;; possible CRI line (" st…"), a stamp running past the line, or nothing after it. Apache's
  ;; sniff does not take these ("T" at +10), and the order of the tests is ENVELOPES' order.
  (func $isoKind (param $i i32) (param $end i32) (result i32)
    (local $j i32) (local $te i32) (local $c i32) (local $off i32) (local $colon i32)
    (if (i32.lt_s (i32.sub (local.get $end) (local.get $i)) (i32.const 19)) (then (return (i32.const -1))))
    (if (i32.eqz
          (i32.and
            (i32.and
              (i32.eq (i32.load8_u offset=4 (local.get $i)) (i32.const 45))
              (i32.eq (i32.load8_u offset=7 (local.get $i)) (i32.const 45)))
            (i32.and
              (i32.eq (i32.load8_u offset=10 (local.get $i)) (i32.const 84))
              (i32.eq (i32.load8_u offset=13 (local.get $i)) (i32.const 58)))))
      (then (return (i32.const -1))))
    (local.set $j (i32.add (local.get $i) (i32.const 19)))
    (if (i32.eq (i32.load8_u (local.get $j)) (i32.const 46))
      (then
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (block $frac
          (loop $d
            (br_if $frac (i32.ge_u (local.get $j) (local.get $end)))
            (br_if $frac (i32.gt_u (i32.sub (i32.load8_u (local.get $j)) (i32.const 48)) (i32.const 9)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $d)))))
    (local.set $c (i32.load8_u (local.get $j)))
    (local.set $te (local.get $j))
    (if (i32.eq (local.get $c) (i32.const 90)) ;; Z
      (then (local.set $te (i32.add (local.get $j) (i32.const 1))) (local.set $off (i32.const 1)))
      (else
        (if (i32.and
              (i32.or (i32.eq (local.get $c) (i32.const 43)) (i32.eq (local.get $c) (i32.const 45)))
              (i32.and
                (i32.le_u (i32.sub (i32.load8_u offset=1 (local.get $j)) (i32.const 48)) (i32.const 9))
                (i32.le_u (i32.sub (i32.load8_u offset=2 (local.get $j)) (i32.const 48)) (i32.const 9))))
          (then
            (local.set $off (i32.const 1))
            (local.set $colon (i32.eq (i32.load8_u offset=3 (local.get $j)) (i32.const 58)))
            (local.set $te (i32.add (local.get $j) (select (i32.const 6) (i32.const 5) (local.get $colon))))))))
    (if (i32.ge_u (local.get $te) (local.get $end)) (then (return (i32.const -1))))
    (if (i32.ne (i32.load8_u (local.get $te)) (i32.const 32))
      (then (return (i32.const 5)))) ;; glued or tab-separated: prefixed
    ;; " st…": maybe CRI ("stdout"/"stderr" F|P), whose parts JavaScript joins
    (if (i32.and
          (i32.eq (i32.load8_u offset=1 (local.get $te)) (i32.const 115))
          (i32.eq (i32.load8_u offset=2 (local.get $te)) (i32.const 116)))
      (then (return (i32.const -1))))
    (if (call $hostTag (i32.add (local.get $te) (i32.const 1)) (local.get $end))
      (then
        ;; journal short-iso: a numeric offset without a colon; RFC 5424 / FileFormat: the rest
        (return
          (select (i32.const 3) (i32.const 2)
            (i32.and (local.get $off)
              (i32.and (i32.eqz (local.get $colon))
                (i32.ne (i32.load8_u (i32.sub (local.get $te) (i32.const 1))) (i32.const 90))))))))
    (i32.const 4))

  ;; The envelope code (see $lastKind) of a line [i, end) that is not in 2.4's built-in format,
  ;; as sniffEnvelope would classify it, or -1 for JavaScript (CRI, JSON, bare Apache lines of
  ;; other formats, lines without an envelope, anything uncertain)
  (func $envelope (param $i i32) (param $end i32) (result i32)
    (local $c i32) (local $j i32)
    (local.set $c (i32.load8_u (local.get $i)))
    (if (i32.le_u (i32.sub (local.get $c) (i32.const 48)) (i32.const 9))
      (then (return (call $isoKind (local.get $i) (local.get $end)))))
    (local.set $j (call $sys3164 (local.get $i)))
    (if (i32.ge_s (local.get $j) (i32.const 0))
      (then
        (if (i32.gt_s (i32.sub (local.get $end) (local.get $j)) (i32.const 16)) (then (return (i32.const 1))))
        (return (i32.const -1))))
    ;; "<PRI>1 …": RFC 5424 (its sniff reads no further); every byte read here lies in the line
    (if (i32.and (i32.eq (local.get $c) (i32.const 60))
          (i32.gt_s (i32.sub (local.get $end) (local.get $i)) (i32.const 7)))
      (then
        (local.set $j (i32.add (local.get $i) (i32.const 1)))
        (block $digits
          (loop $d
            (br_if $digits (i32.ge_u (local.get $j) (i32.add (local.get $i) (i32.const 5))))
            (br_if $digits (i32.gt_u (i32.sub (i32.load8_u (local.get $j)) (i32.const 48)) (i32.const 9)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $d)))
        (if (i32.and
              (i32.eq (i32.load8_u (local.get $j)) (i32.const 62))
              (i32.and
                (i32.eq (i32.load8_u offset=1 (local.get $j)) (i32.const 49))
                (i32.eq (i32.load8_u offset=2 (local.get $j)) (i32.const 32))))
          (then (return (i32.const 2))))))
    (i32.const -1))

  (func (export "scan")
    (param $from i32) (param $to i32) (param $stopAt i32) (param $out i32) (param $cap i32)
    (param $wantFirst i32) (result i32)
    (local $i i32) (local $j i32) (local $end i32) (local $n i32) (local $idx i32)
    (local $kind i32) (local $code i32) (local $count i32) (local $at i32)
    (local.set $i (local.get $from))
    (global.set $stopped (i32.const 0))
    (global.set $more (i32.const 0))
    (global.set $boring (i32.const 0))
    (global.set $lastBoring (i32.const -1))
    (v128.store offset=1600 (global.get $tab) (v128.const i64x2 0 0))
    (v128.store offset=1616 (global.get $tab) (v128.const i64x2 0 0))
    (global.set $lo1 (v128.load (global.get $tab)))
    (global.set $hi1 (v128.load offset=16 (global.get $tab)))
    (global.set $lo2 (v128.load offset=32 (global.get $tab)))
    (global.set $hi2 (v128.load offset=48 (global.get $tab)))
    (block $done
      (loop $line
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (if (i32.ge_u (local.get $i) (local.get $stopAt))
          (then (global.set $stopped (i32.const 1)) (br $done)))
        ;; the kind from the first bytes (they may lie past a short line: checked below)
        ;; 1: Apache 2.4, decided by its module tag; 2: Apache 2.4 "[:…]", by the needles;
        ;; 0: any other line, by its envelope ($envelope) and the needles
        (local.set $kind (i32.const 0))
        ;; the 2.4 built-in format's fixed-width prefix (isDefault24 without its length test),
        ;; written out: V8 does not inline wasm calls, and this runs on every line
        (if (i32.and
              (i32.and
                (i32.and
                  (i32.eq (i32.load8_u (local.get $i)) (i32.const 91))
                  (i32.eq (i32.load8_u offset=20 (local.get $i)) (i32.const 46)))
                (i32.and
                  (i32.eq (i32.load8_u offset=32 (local.get $i)) (i32.const 93))
                  (i32.eq (i32.load8_u offset=34 (local.get $i)) (i32.const 91))))
              (i32.and
                (i32.eq (i32.load8_u offset=14 (local.get $i)) (i32.const 58))
                (i32.eq (i32.load8_u offset=4 (local.get $i)) (i32.const 32))))
          (then
            (local.set $kind
              (select (i32.const 2) (i32.const 1)
                (i32.eq (i32.load8_u offset=35 (local.get $i)) (i32.const 58))))))
        (local.set $j
          (if (result i32) (i32.eq (local.get $kind) (i32.const 1))
            (then (call $nextNl (local.get $i) (local.get $to)))
            (else (call $nextNlN (local.get $i) (local.get $to)))))
        (br_if $done (i32.ge_u (local.get $j) (local.get $to)))
        (local.set $end (local.get $j))
        (if (i32.gt_u (local.get $end) (local.get $i))
          (then
            (if (i32.eq (i32.load8_u (i32.sub (local.get $end) (i32.const 1))) (i32.const 13))
              (then (local.set $end (i32.sub (local.get $end) (i32.const 1)))))))
        (local.set $code (i32.const 0))
        (if (i32.eq (local.get $kind) (i32.const 1))
          (then (local.set $count (call $boringLine (local.get $i) (local.get $end) (local.get $to))))
          (else
            (if (i32.eq (local.get $kind) (i32.const 2))
              (then
                (local.set $count
                  (i32.and
                    (i32.gt_s (i32.sub (local.get $end) (local.get $i)) (i32.const 40))
                    (i32.eqz (global.get $needle)))))
              (else
                (local.set $code (call $envelope (local.get $i) (local.get $end)))
                (local.set $count
                  (i32.and (i32.ge_s (local.get $code) (i32.const 0)) (i32.eqz (global.get $needle))))))))
        (if (i32.and (local.get $count) (i32.eqz (local.get $wantFirst)))
          (then
            (if (local.get $code)
              (then
                (local.set $at (i32.add (global.get $tab) (i32.shl (local.get $code) (i32.const 2))))
                (i32.store offset=1600 (local.get $at)
                  (i32.add (i32.load offset=1600 (local.get $at)) (i32.const 1))))
              (else (global.set $boring (i32.add (global.get $boring) (i32.const 1)))))
            (global.set $lastBoring (local.get $i))
            (global.set $lastBoringEnd (local.get $end))
            (global.set $lastKind (local.get $code)))
          (else
            (if (i32.ge_u (local.get $n) (local.get $cap))
              (then (global.set $more (i32.const 1)) (br $done)))
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))) (local.get $i))
            (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3)))
              ;; bit 31: the needle search ran (every kind but 1), bit 30: it found one
              (i32.or (local.get $idx)
                (select (i32.const 0)
                  (i32.or (i32.const 0x80000000) (i32.shl (global.get $needle) (i32.const 30)))
                  (i32.eq (local.get $kind) (i32.const 1)))))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $idx (i32.add (local.get $idx) (i32.const 1)))
        (local.set $i (i32.add (local.get $j) (i32.const 1)))
        ;; the first line it could have counted went to JavaScript: end here
        (if (local.get $count)
          (then
            (if (local.get $wantFirst) (then (global.set $more (i32.const 1)) (br $done)))))
        (br $line)))
    (global.set $rest (local.get $i))
    (global.set $lines (local.get $idx))
    (local.get $n)))
