;; The line kernel of the reader (issue 17), WebAssembly with SIMD. It walks the complete lines of
;; mem[from, to): finds each newline 16 bytes at a time, counts the lines, and classifies each
;; line start with the same byte tests as LineScanner's JavaScript path (scanner.ts):
;;   - a line in Apache 2.4's built-in format whose module tag cannot carry a signature
;;     ([wsgi:…] application output with "[remote …]", [core:…], [ssl:…], …) is counted only:
;;     `boring`, with the first and last such line start (the time span of the range);
;;   - every other line (mod_wsgi's own [wsgi:…] lines, [mpm_*:…], 3.x's [:…], and every line
;;     not in that format: syslog, journald, pasted text, …) is written to `out` as
;;     (start, line index) for JavaScript to decide, as before.
;; It stops at `stopAt` (a range's end), before an unterminated last line, or when `out` is
;; full; `rest` says where to go on. Assembled by scripts/build.mjs (wabt's wat2wasm).
(module
  (memory (export "memory") 36)
  (global $rest (export "rest") (mut i32) (i32.const 0))
  (global $lines (export "lines") (mut i32) (i32.const 0))
  (global $boring (export "boring") (mut i32) (i32.const 0))
  (global $firstBoring (export "firstBoring") (mut i32) (i32.const -1))
  (global $lastBoring (export "lastBoring") (mut i32) (i32.const -1))
  (global $lastBoringEnd (export "lastBoringEnd") (mut i32) (i32.const -1))
  (global $stopped (export "stopped") (mut i32) (i32.const 0))

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

  ;; the first `]` in [p, end), or -1
  (func $close (param $p i32) (param $end i32) (result i32)
    (loop $byte
      (if (i32.ge_u (local.get $p) (local.get $end)) (then (return (i32.const -1))))
      (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 93)) (then (return (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $byte))
    (i32.const -1))

  ;; 1 when the line [i, end) is in 2.4's built-in format and cannot carry a signature
  ;; (scanner.ts: isDefault24 and the module-tag tests after it)
  (func $boringLine (param $i i32) (param $end i32) (param $to i32) (result i32)
    (local $m i32) (local $c i32) (local $p1 i32) (local $p2 i32)
    (if (i32.le_s (i32.sub (local.get $end) (local.get $i)) (i32.const 40)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 91)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u offset=20 (local.get $i)) (i32.const 46)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u offset=32 (local.get $i)) (i32.const 93)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u offset=34 (local.get $i)) (i32.const 91)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u offset=14 (local.get $i)) (i32.const 58)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u offset=4 (local.get $i)) (i32.const 32)) (then (return (i32.const 0))))
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
    (i32.ne (local.get $c) (i32.const 58))) ;; ':' (mod_wsgi 3.x) needs the needles

  (func (export "scan")
    (param $from i32) (param $to i32) (param $stopAt i32) (param $out i32) (param $cap i32)
    (result i32)
    (local $i i32) (local $j i32) (local $end i32) (local $n i32) (local $idx i32)
    (local.set $i (local.get $from))
    (global.set $stopped (i32.const 0))
    (global.set $boring (i32.const 0))
    (global.set $firstBoring (i32.const -1))
    (global.set $lastBoring (i32.const -1))
    (block $done
      (loop $line
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (if (i32.ge_u (local.get $i) (local.get $stopAt))
          (then (global.set $stopped (i32.const 1)) (br $done)))
        (local.set $j (call $nextNl (local.get $i) (local.get $to)))
        (br_if $done (i32.ge_u (local.get $j) (local.get $to)))
        (local.set $end (local.get $j))
        (if (i32.gt_u (local.get $end) (local.get $i))
          (then
            (if (i32.eq (i32.load8_u (i32.sub (local.get $end) (i32.const 1))) (i32.const 13))
              (then (local.set $end (i32.sub (local.get $end) (i32.const 1)))))))
        (if (call $boringLine (local.get $i) (local.get $end) (local.get $to))
          (then
            (global.set $boring (i32.add (global.get $boring) (i32.const 1)))
            (if (i32.lt_s (global.get $firstBoring) (i32.const 0))
              (then (global.set $firstBoring (local.get $i))))
            (global.set $lastBoring (local.get $i))
            (global.set $lastBoringEnd (local.get $end)))
          (else
            (br_if $done (i32.ge_u (local.get $n) (local.get $cap)))
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))) (local.get $i))
            (i32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))) (local.get $idx))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $idx (i32.add (local.get $idx) (i32.const 1)))
        (local.set $i (i32.add (local.get $j) (i32.const 1)))
        (br $line)))
    (global.set $rest (local.get $i))
    (global.set $lines (local.get $idx))
    (local.get $n)))
