;; The WebAssembly SIMD kernels of the WASM backend (backend.ts), written by hand. See
;; ../backend.ts for what each kernel computes: the sizes and conventions are the same, except
;; that here every array is a byte address in the imported memory (the backend's arena).
;; Compiled by `npm run build:wasm` (scripts/build-wasm.ts) with wabt's simd, relaxed_simd and
;; threads features.
;;
;; The matrix products keep a block of the output in registers (locals) and stream the inputs
;; through it, one multiply-add per f32x4 (`f32x4.relaxed_madd`: a fused multiply-add where the
;; machine has one, as x86-64 and arm64 in Node 24 do).
;; - gemmNN and gemmTN are one kernel, $product: the left operand is read by strides, so Aᵀ needs
;;   no copy.
;;   A block of 4 output rows is first packed: for each term q of the sum, the 4 rows' values
;;   side by side in one v128, skipping the q where all 4 are zero (MNIST is ~80% zeros, and a
;;   ReLU's output about half), with the byte offset of the right operand's row q beside it.
;;   Then 8 columns at a time (4 rows × 2 v128 = 8 accumulators), then 4, then single columns,
;;   which hold the 4 rows in the lanes of one accumulator. Rows past the end of the output
;;   (a last block of 1–3 rows) are computed against a scratch `dummy` and never stored.
;; - gemmNT is dot products of rows: 4 rows of a × 2 rows of b = 8 accumulators summing 4 terms
;;   per lane, added across lanes at the end. Rows past the end repeat the last row and are not
;;   stored; the 1–3 terms past a multiple of 4 are loaded into lane 0 only (load32_zero).
;; - imagesNN and imagesTN are a first layer's two products for a batch of images held as their
;;   non-zero pixels, made once per dataset: no floats to gather, no zeros to scan for, and the
;;   weight gradient scatters each pixel's terms into its row instead of reading the batch down
;;   its columns (imagesToFloats writes the floats instead for a wide layer, whose weight
;;   gradient $product computes faster). The Article's full-batch step spends most of its time
;;   here.

;; The memory is imported as an ordinary one; the build also makes a variant importing it shared
;; (memory 1 65536 shared), for two threads (threads.ts).
(module
  (import "env" "memory" (memory 1))

  ;; ---------------------------------------------------------------- products: A·B and Aᵀ·B

  ;; Packs a block of `rows` (1–4) rows of a left operand whose element (r, q) is at
  ;; a + 4·(r·rs + q·cs), for q < len: one v128 per q whose values are not all zero, into
  ;; `packed`, and 4·n·q (the byte offset of row q of the right operand) into `offs`.
  ;; Returns how many q were kept.
  ;; Packs a block of `rows` (1–4) rows of a left operand whose element (r, q) is at
  ;; a + 4·(r·rs + q·cs), for q < len: one v128 per q whose values are not all zero, into
  ;; `packed`, and 4·n·q (the byte offset of the right operand's row q) into `offs`. Returns how
  ;; many q were kept, and leaves in $nonzeros how many values were not zero (the work of a
  ;; row at a time, see $product). When the 4 rows are adjacent (rs = 1, as in Aᵀ), one load.
  (global $nonzeros (mut i32) (i32.const 0))
  (func $pack (param $a i32) (param $rs i32) (param $cs i32) (param $rows i32) (param $len i32)
              (param $n4 i32) (param $packed i32) (param $offs i32) (result i32)
    (local $q i32) (local $kept i32) (local $p i32) (local $rs4 i32) (local $cs4 i32) (local $v v128)
    (local $nz i32) (local $whole i32)
    (local.set $rs4 (i32.shl (local.get $rs) (i32.const 2)))
    (local.set $cs4 (i32.shl (local.get $cs) (i32.const 2)))
    (local.set $whole (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $rs) (i32.const 1))))
    (local.set $p (local.get $a))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $q) (local.get $len)))
        (if (local.get $whole)
          (then (local.set $v (v128.load (local.get $p))))
          (else
            (local.set $v (v128.load32_zero (local.get $p)))
            (if (i32.gt_u (local.get $rows) (i32.const 1))
              (then (local.set $v (v128.load32_lane 1
                (i32.add (local.get $p) (local.get $rs4)) (local.get $v)))))
            (if (i32.gt_u (local.get $rows) (i32.const 2))
              (then (local.set $v (v128.load32_lane 2
                (i32.add (local.get $p) (i32.shl (local.get $rs4) (i32.const 1))) (local.get $v)))))
            (if (i32.gt_u (local.get $rows) (i32.const 3))
              (then (local.set $v (v128.load32_lane 3
                (i32.add (local.get $p) (i32.mul (local.get $rs4) (i32.const 3))) (local.get $v)))))))
        (local.set $nz (i32.add (local.get $nz)
          (i32.popcnt (i32x4.bitmask (f32x4.ne (local.get $v) (v128.const f32x4 0 0 0 0))))))
        (local.set $kept (call $list (local.get $packed) (local.get $offs) (local.get $kept)
          (local.get $v) (i32.mul (local.get $q) (local.get $n4))))
        (local.set $p (i32.add (local.get $p) (local.get $cs4)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $next)))
    (global.set $nonzeros (local.get $nz))
    (local.get $kept))

  ;; $pack for 4 blocks of 4 adjacent rows at once (rs = 1, 16 rows: one 64-byte cache line per
  ;; term q), into 4 lists: block j's at packed + 16·len·j and offs + 4·len·j. Aᵀ of a large
  ;; batch is read down its columns, a cache line per term, and packing one block at a time
  ;; reads each line four times. Returns the 4 lists' lengths.
  (func $pack16 (param $a i32) (param $cs i32) (param $len i32) (param $n4 i32) (param $packed i32)
                (param $offs i32) (result i32 i32 i32 i32)
    (local $q i32) (local $p i32) (local $cs4 i32) (local $pl i32) (local $ol i32) (local $off i32)
    (local $k0 i32) (local $k1 i32) (local $k2 i32) (local $k3 i32)
    (local.set $cs4 (i32.shl (local.get $cs) (i32.const 2)))
    (local.set $pl (i32.shl (local.get $len) (i32.const 4)))
    (local.set $ol (i32.shl (local.get $len) (i32.const 2)))
    (local.set $p (local.get $a))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $q) (local.get $len)))
        (local.set $off (i32.mul (local.get $q) (local.get $n4)))
        (local.set $k0 (call $list (local.get $packed) (local.get $offs) (local.get $k0)
          (v128.load (local.get $p)) (local.get $off)))
        (local.set $k1 (call $list (i32.add (local.get $packed) (local.get $pl))
          (i32.add (local.get $offs) (local.get $ol)) (local.get $k1)
          (v128.load offset=16 (local.get $p)) (local.get $off)))
        (local.set $k2 (call $list (i32.add (local.get $packed) (i32.shl (local.get $pl) (i32.const 1)))
          (i32.add (local.get $offs) (i32.shl (local.get $ol) (i32.const 1))) (local.get $k2)
          (v128.load offset=32 (local.get $p)) (local.get $off)))
        (local.set $k3 (call $list (i32.add (local.get $packed) (i32.mul (local.get $pl) (i32.const 3)))
          (i32.add (local.get $offs) (i32.mul (local.get $ol) (i32.const 3))) (local.get $k3)
          (v128.load offset=48 (local.get $p)) (local.get $off)))
        (local.set $p (i32.add (local.get $p) (local.get $cs4)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $next)))
    (local.get $k0) (local.get $k1) (local.get $k2) (local.get $k3))

  ;; Writes term v (the 4 rows' values) with byte offset `off` at position k of a packed list
  ;; (values at packed, offsets at offs), and returns k + 1 when v is not all zero (kept), else k
  ;; (the next term overwrites it): no branch for a pattern of ink to mispredict.
  (func $list (param $packed i32) (param $offs i32) (param $k i32) (param $v v128) (param $off i32)
              (result i32)
    (v128.store (i32.add (local.get $packed) (i32.shl (local.get $k) (i32.const 4))) (local.get $v))
    (i32.store (i32.add (local.get $offs) (i32.shl (local.get $k) (i32.const 2))) (local.get $off))
    (i32.add (local.get $k) (v128.any_true (f32x4.ne (local.get $v) (v128.const f32x4 0 0 0 0)))))

  ;; Row a (len values, contiguous) on its own: its non-zero values to `vals` and 4·n·q, the
  ;; byte offset of the right operand's row q, to `roffs`. Sixteen values (a cache line) are
  ;; tested at once, then each four, so runs of zeros (an image's background) cost a few
  ;; instructions per line. Returns how many.
  (func $packRow (param $a i32) (param $len i32) (param $n4 i32) (param $vals i32) (param $roffs i32)
                 (result i32)
    (local $q i32) (local $c i32) (local $end i32) (local $end16 i32) (local $p i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local.set $end (i32.and (local.get $len) (i32.const -4)))
    (local.set $end16 (i32.and (local.get $len) (i32.const -16)))
    (block $done16
      (loop $next16
        (br_if $done16 (i32.ge_u (local.get $q) (local.get $end16)))
        (local.set $p (i32.add (local.get $a) (i32.shl (local.get $q) (i32.const 2))))
        (local.set $v0 (v128.load (local.get $p)))
        (local.set $v1 (v128.load offset=16 (local.get $p)))
        (local.set $v2 (v128.load offset=32 (local.get $p)))
        (local.set $v3 (v128.load offset=48 (local.get $p)))
        ;; Bits, not values: −0 would count as ink here, and be dropped by $keep.
        (if (v128.any_true (v128.or (v128.or (local.get $v0) (local.get $v1))
                                    (v128.or (local.get $v2) (local.get $v3))))
          (then
            (local.set $c (call $keep4 (local.get $c) (local.get $v0) (local.get $q) (local.get $n4) (local.get $vals) (local.get $roffs)))
            (local.set $c (call $keep4 (local.get $c) (local.get $v1) (i32.add (local.get $q) (i32.const 4)) (local.get $n4) (local.get $vals) (local.get $roffs)))
            (local.set $c (call $keep4 (local.get $c) (local.get $v2) (i32.add (local.get $q) (i32.const 8)) (local.get $n4) (local.get $vals) (local.get $roffs)))
            (local.set $c (call $keep4 (local.get $c) (local.get $v3) (i32.add (local.get $q) (i32.const 12)) (local.get $n4) (local.get $vals) (local.get $roffs)))))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (br $next16)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
        (local.set $c (call $keep4 (local.get $c)
          (v128.load (i32.add (local.get $a) (i32.shl (local.get $q) (i32.const 2))))
          (local.get $q) (local.get $n4) (local.get $vals) (local.get $roffs)))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (br $next)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $q) (local.get $len)))
        (local.set $c (call $keep (local.get $c)
          (f32.load (i32.add (local.get $a) (i32.shl (local.get $q) (i32.const 2))))
          (local.get $q) (local.get $n4) (local.get $vals) (local.get $roffs)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $tail)))
    (local.get $c))

  ;; $keep for terms q … q+3, the values in v; nothing when all four are zero.
  (func $keep4 (param $c i32) (param $v v128) (param $q i32) (param $n4 i32) (param $vals i32)
               (param $roffs i32) (result i32)
    (if (v128.any_true (f32x4.ne (local.get $v) (v128.const f32x4 0 0 0 0)))
      (then
        (local.set $c (call $keep (local.get $c) (f32x4.extract_lane 0 (local.get $v)) (local.get $q) (local.get $n4) (local.get $vals) (local.get $roffs)))
        (local.set $c (call $keep (local.get $c) (f32x4.extract_lane 1 (local.get $v)) (i32.add (local.get $q) (i32.const 1)) (local.get $n4) (local.get $vals) (local.get $roffs)))
        (local.set $c (call $keep (local.get $c) (f32x4.extract_lane 2 (local.get $v)) (i32.add (local.get $q) (i32.const 2)) (local.get $n4) (local.get $vals) (local.get $roffs)))
        (local.set $c (call $keep (local.get $c) (f32x4.extract_lane 3 (local.get $v)) (i32.add (local.get $q) (i32.const 3)) (local.get $n4) (local.get $vals) (local.get $roffs)))))
    (local.get $c))

  ;; Writes term q of value x at the end of the lists and returns the new count: one more when x
  ;; is not zero (else the next term overwrites it). No branch: whether a pixel is ink is a coin
  ;; toss the processor would mispredict.
  (func $keep (param $c i32) (param $x f32) (param $q i32) (param $n4 i32) (param $vals i32)
              (param $roffs i32) (result i32)
    (f32.store (i32.add (local.get $vals) (i32.shl (local.get $c) (i32.const 2))) (local.get $x))
    (i32.store (i32.add (local.get $roffs) (i32.shl (local.get $c) (i32.const 2)))
      (i32.mul (local.get $q) (local.get $n4)))
    (i32.add (local.get $c) (f32.ne (local.get $x) (f32.const 0))))

  ;; One output row (n columns at `out`) += Σ_t vals[t] · b[roffs[t] …]: 32 columns at a time
  ;; (8 accumulators), then 4, then single columns.
  (func $accumulate (param $out i32) (param $vals i32) (param $roffs i32) (param $count i32)
                    (param $b i32) (param $n i32)
    (local $n4 i32) (local $j4 i32) (local $t i32) (local $o i32) (local $bp i32) (local $x v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))
    (block $done32
      (loop $tile32
        (br_if $done32 (i32.gt_u (i32.add (local.get $j4) (i32.const 128)) (local.get $n4)))
        (local.set $o (i32.add (local.get $out) (local.get $j4)))
        (local.set $c0 (v128.load (local.get $o)))
        (local.set $c1 (v128.load offset=16 (local.get $o)))
        (local.set $c2 (v128.load offset=32 (local.get $o)))
        (local.set $c3 (v128.load offset=48 (local.get $o)))
        (local.set $c4 (v128.load offset=64 (local.get $o)))
        (local.set $c5 (v128.load offset=80 (local.get $o)))
        (local.set $c6 (v128.load offset=96 (local.get $o)))
        (local.set $c7 (v128.load offset=112 (local.get $o)))
        (local.set $t (i32.const 0))
        (block $end
          (loop $term
            (br_if $end (i32.ge_u (local.get $t) (local.get $count)))
            (local.set $x (v128.load32_splat (i32.add (local.get $vals) (i32.shl (local.get $t) (i32.const 2)))))
            (local.set $bp (i32.add (i32.add (local.get $b) (local.get $j4))
              (i32.load (i32.add (local.get $roffs) (i32.shl (local.get $t) (i32.const 2))))))
            (local.set $c0 (f32x4.relaxed_madd (local.get $x) (v128.load (local.get $bp)) (local.get $c0)))
            (local.set $c1 (f32x4.relaxed_madd (local.get $x) (v128.load offset=16 (local.get $bp)) (local.get $c1)))
            (local.set $c2 (f32x4.relaxed_madd (local.get $x) (v128.load offset=32 (local.get $bp)) (local.get $c2)))
            (local.set $c3 (f32x4.relaxed_madd (local.get $x) (v128.load offset=48 (local.get $bp)) (local.get $c3)))
            (local.set $c4 (f32x4.relaxed_madd (local.get $x) (v128.load offset=64 (local.get $bp)) (local.get $c4)))
            (local.set $c5 (f32x4.relaxed_madd (local.get $x) (v128.load offset=80 (local.get $bp)) (local.get $c5)))
            (local.set $c6 (f32x4.relaxed_madd (local.get $x) (v128.load offset=96 (local.get $bp)) (local.get $c6)))
            (local.set $c7 (f32x4.relaxed_madd (local.get $x) (v128.load offset=112 (local.get $bp)) (local.get $c7)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $term)))
        (v128.store (local.get $o) (local.get $c0))
        (v128.store offset=16 (local.get $o) (local.get $c1))
        (v128.store offset=32 (local.get $o) (local.get $c2))
        (v128.store offset=48 (local.get $o) (local.get $c3))
        (v128.store offset=64 (local.get $o) (local.get $c4))
        (v128.store offset=80 (local.get $o) (local.get $c5))
        (v128.store offset=96 (local.get $o) (local.get $c6))
        (v128.store offset=112 (local.get $o) (local.get $c7))
        (local.set $j4 (i32.add (local.get $j4) (i32.const 128)))
        (br $tile32)))
    (block $done4
      (loop $tile4
        (br_if $done4 (i32.gt_u (i32.add (local.get $j4) (i32.const 16)) (local.get $n4)))
        (local.set $o (i32.add (local.get $out) (local.get $j4)))
        (local.set $c0 (v128.load (local.get $o)))
        (local.set $t (i32.const 0))
        (block $end
          (loop $term
            (br_if $end (i32.ge_u (local.get $t) (local.get $count)))
            (local.set $c0 (f32x4.relaxed_madd
              (v128.load32_splat (i32.add (local.get $vals) (i32.shl (local.get $t) (i32.const 2))))
              (v128.load (i32.add (i32.add (local.get $b) (local.get $j4))
                (i32.load (i32.add (local.get $roffs) (i32.shl (local.get $t) (i32.const 2))))))
              (local.get $c0)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $term)))
        (v128.store (local.get $o) (local.get $c0))
        (local.set $j4 (i32.add (local.get $j4) (i32.const 16)))
        (br $tile4)))
    (block $done1
      (loop $tile1
        (br_if $done1 (i32.ge_u (local.get $j4) (local.get $n4)))
        (local.set $o (i32.add (local.get $out) (local.get $j4)))
        ;; In lane 0, through the same fused multiply-add as every other column (and as $block),
        ;; so a row gives the same numbers whichever way it went.
        (local.set $c0 (v128.load32_zero (local.get $o)))
        (local.set $t (i32.const 0))
        (block $end
          (loop $term
            (br_if $end (i32.ge_u (local.get $t) (local.get $count)))
            (local.set $c0 (f32x4.relaxed_madd
              (v128.load32_zero (i32.add (local.get $vals) (i32.shl (local.get $t) (i32.const 2))))
              (v128.load32_zero (i32.add (i32.add (local.get $b) (local.get $j4))
                (i32.load (i32.add (local.get $roffs) (i32.shl (local.get $t) (i32.const 2))))))
              (local.get $c0)))
            (local.set $t (i32.add (local.get $t) (i32.const 1)))
            (br $term)))
        (v128.store32_lane 0 (local.get $o) (local.get $c0))
        (local.set $j4 (i32.add (local.get $j4) (i32.const 4)))
        (br $tile1))))

  ;; Where output row r (of a block of mr rows starting at `out`) has column byte offset j4; rows
  ;; past the end of the output go to `dummy`.
  (func $row (param $out i32) (param $ldo4 i32) (param $r i32) (param $mr i32) (param $j4 i32)
             (param $dummy i32) (result i32)
    (select
      (i32.add (i32.add (local.get $out) (i32.mul (local.get $r) (local.get $ldo4))) (local.get $j4))
      (local.get $dummy)
      (i32.lt_u (local.get $r) (local.get $mr))))

  ;; out (mr rows of ldo4 bytes, n columns) += packed block · b, over the `kept` packed terms.
  (func $block (param $out i32) (param $ldo4 i32) (param $mr i32) (param $packed i32)
               (param $offs i32) (param $kept i32) (param $b i32) (param $n i32) (param $dummy i32)
    (local $n4 i32) (local $j4 i32) (local $q i32) (local $pa i32) (local $po i32) (local $bp i32)
    (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $av v128) (local $ar v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))

    ;; 8 columns: 4 rows × 2 v128
    (block $done8
      (loop $tile8
        (br_if $done8 (i32.gt_u (i32.add (local.get $j4) (i32.const 32)) (local.get $n4)))
        (local.set $o0 (call $row (local.get $out) (local.get $ldo4) (i32.const 0) (local.get $mr) (local.get $j4) (local.get $dummy)))
        (local.set $o1 (call $row (local.get $out) (local.get $ldo4) (i32.const 1) (local.get $mr) (local.get $j4) (local.get $dummy)))
        (local.set $o2 (call $row (local.get $out) (local.get $ldo4) (i32.const 2) (local.get $mr) (local.get $j4) (local.get $dummy)))
        (local.set $o3 (call $row (local.get $out) (local.get $ldo4) (i32.const 3) (local.get $mr) (local.get $j4) (local.get $dummy)))
        (local.set $c00 (v128.load (local.get $o0)))
        (local.set $c01 (v128.load offset=16 (local.get $o0)))
        (local.set $c10 (v128.load (local.get $o1)))
        (local.set $c11 (v128.load offset=16 (local.get $o1)))
        (local.set $c20 (v128.load (local.get $o2)))
        (local.set $c21 (v128.load offset=16 (local.get $o2)))
        (local.set $c30 (v128.load (local.get $o3)))
        (local.set $c31 (v128.load offset=16 (local.get $o3)))
        (local.set $pa (local.get $packed))
        (local.set $po (local.get $offs))
        (local.set $q (local.get $kept))
        (block $end
          (loop $term
            (br_if $end (i32.eqz (local.get $q)))
            (local.set $av (v128.load (local.get $pa)))
            (local.set $bp (i32.add (i32.add (local.get $b) (local.get $j4)) (i32.load (local.get $po))))
            (local.set $b0 (v128.load (local.get $bp)))
            (local.set $b1 (v128.load offset=16 (local.get $bp)))
            (local.set $ar (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $av) (local.get $av)))
            (local.set $c00 (f32x4.relaxed_madd (local.get $ar) (local.get $b0) (local.get $c00)))
            (local.set $c01 (f32x4.relaxed_madd (local.get $ar) (local.get $b1) (local.get $c01)))
            (local.set $ar (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $av) (local.get $av)))
            (local.set $c10 (f32x4.relaxed_madd (local.get $ar) (local.get $b0) (local.get $c10)))
            (local.set $c11 (f32x4.relaxed_madd (local.get $ar) (local.get $b1) (local.get $c11)))
            (local.set $ar (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $av) (local.get $av)))
            (local.set $c20 (f32x4.relaxed_madd (local.get $ar) (local.get $b0) (local.get $c20)))
            (local.set $c21 (f32x4.relaxed_madd (local.get $ar) (local.get $b1) (local.get $c21)))
            (local.set $ar (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 (local.get $av) (local.get $av)))
            (local.set $c30 (f32x4.relaxed_madd (local.get $ar) (local.get $b0) (local.get $c30)))
            (local.set $c31 (f32x4.relaxed_madd (local.get $ar) (local.get $b1) (local.get $c31)))
            (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
            (local.set $po (i32.add (local.get $po) (i32.const 4)))
            (local.set $q (i32.sub (local.get $q) (i32.const 1)))
            (br $term)))
        (v128.store (local.get $o0) (local.get $c00))
        (v128.store offset=16 (local.get $o0) (local.get $c01))
        (v128.store (local.get $o1) (local.get $c10))
        (v128.store offset=16 (local.get $o1) (local.get $c11))
        (v128.store (local.get $o2) (local.get $c20))
        (v128.store offset=16 (local.get $o2) (local.get $c21))
        (v128.store (local.get $o3) (local.get $c30))
        (v128.store offset=16 (local.get $o3) (local.get $c31))
        (local.set $j4 (i32.add (local.get $j4) (i32.const 32)))
        (br $tile8)))

    ;; 4 columns: 4 rows × 1 v128
    (block $done4
      (loop $tile4
        (br_if $done4 (i32.gt_u (i32.add (local.get $j4) (i32.const 16)) (local.get $n4)))
        (local.set $o0 (call $row (local.get $out) (local.get $ldo4) (i32.const 0) (local.get $mr) (local.get $j4) (local.get $dummy)))
        (local.set $o1 (call $row (local.get $out) (local.get $ldo4) (i32.const 1) (local.get $mr) (local.get $j4) (local.get $dummy)))
        (local.set $o2 (call $row (local.get $out) (local.get $ldo4) (i32.const 2) (local.get $mr) (local.get $j4) (local.get $dummy)))
        (local.set $o3 (call $row (local.get $out) (local.get $ldo4) (i32.const 3) (local.get $mr) (local.get $j4) (local.get $dummy)))
        (local.set $c00 (v128.load (local.get $o0)))
        (local.set $c10 (v128.load (local.get $o1)))
        (local.set $c20 (v128.load (local.get $o2)))
        (local.set $c30 (v128.load (local.get $o3)))
        (local.set $pa (local.get $packed))
        (local.set $po (local.get $offs))
        (local.set $q (local.get $kept))
        (block $end
          (loop $term
            (br_if $end (i32.eqz (local.get $q)))
            (local.set $av (v128.load (local.get $pa)))
            (local.set $b0 (v128.load (i32.add (i32.add (local.get $b) (local.get $j4)) (i32.load (local.get $po)))))
            (local.set $c00 (f32x4.relaxed_madd (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $av) (local.get $av)) (local.get $b0) (local.get $c00)))
            (local.set $c10 (f32x4.relaxed_madd (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $av) (local.get $av)) (local.get $b0) (local.get $c10)))
            (local.set $c20 (f32x4.relaxed_madd (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $av) (local.get $av)) (local.get $b0) (local.get $c20)))
            (local.set $c30 (f32x4.relaxed_madd (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 (local.get $av) (local.get $av)) (local.get $b0) (local.get $c30)))
            (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
            (local.set $po (i32.add (local.get $po) (i32.const 4)))
            (local.set $q (i32.sub (local.get $q) (i32.const 1)))
            (br $term)))
        (v128.store (local.get $o0) (local.get $c00))
        (v128.store (local.get $o1) (local.get $c10))
        (v128.store (local.get $o2) (local.get $c20))
        (v128.store (local.get $o3) (local.get $c30))
        (local.set $j4 (i32.add (local.get $j4) (i32.const 16)))
        (br $tile4)))

    ;; Single columns: the block's 4 rows in the lanes of one accumulator, times one b value.
    (block $done1
      (loop $tile1
        (br_if $done1 (i32.ge_u (local.get $j4) (local.get $n4)))
        (local.set $o0 (call $row (local.get $out) (local.get $ldo4) (i32.const 0) (local.get $mr) (local.get $j4) (local.get $dummy)))
        (local.set $o1 (call $row (local.get $out) (local.get $ldo4) (i32.const 1) (local.get $mr) (local.get $j4) (local.get $dummy)))
        (local.set $o2 (call $row (local.get $out) (local.get $ldo4) (i32.const 2) (local.get $mr) (local.get $j4) (local.get $dummy)))
        (local.set $o3 (call $row (local.get $out) (local.get $ldo4) (i32.const 3) (local.get $mr) (local.get $j4) (local.get $dummy)))
        (local.set $c00 (v128.load32_zero (local.get $o0)))
        (local.set $c00 (v128.load32_lane 1 (local.get $o1) (local.get $c00)))
        (local.set $c00 (v128.load32_lane 2 (local.get $o2) (local.get $c00)))
        (local.set $c00 (v128.load32_lane 3 (local.get $o3) (local.get $c00)))
        (local.set $pa (local.get $packed))
        (local.set $po (local.get $offs))
        (local.set $q (local.get $kept))
        (block $end
          (loop $term
            (br_if $end (i32.eqz (local.get $q)))
            (local.set $c00 (f32x4.relaxed_madd
              (v128.load (local.get $pa))
              (v128.load32_splat (i32.add (i32.add (local.get $b) (local.get $j4)) (i32.load (local.get $po))))
              (local.get $c00)))
            (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
            (local.set $po (i32.add (local.get $po) (i32.const 4)))
            (local.set $q (i32.sub (local.get $q) (i32.const 1)))
            (br $term)))
        (v128.store32_lane 0 (local.get $o0) (local.get $c00))
        (v128.store32_lane 1 (local.get $o1) (local.get $c00))
        (v128.store32_lane 2 (local.get $o2) (local.get $c00))
        (v128.store32_lane 3 (local.get $o3) (local.get $c00))
        (local.set $j4 (i32.add (local.get $j4) (i32.const 4)))
        (br $tile1))))

  ;; out (rows, n), ldo4 bytes per row, += L · b, where L (rows, len) is read by strides as in
  ;; $pack and b is (len, n). `scratch` holds the dummy row (64 bytes), then 4 packed blocks
  ;; (16·len bytes each), their offsets (4·len each), and one row's values and offsets (4·len
  ;; each). gemmNN
  ;; is L = a (rs = K, cs = 1) and gemmTN L = aᵀ (rs = 1, cs = K); backend.ts passes which, and
  ;; each thread's share of the rows.
  ;; Each block of 4 rows goes through $block, unless the left operand's rows are contiguous
  ;; (cs = 1, gemmNN) and their zeros rarely line up, as in MNIST images (19% of pixels are ink,
  ;; but 39% of the pixels of 4 images together): then each row goes alone through $packRow and
  ;; $accumulate. Per 32 columns a term costs about 16 cycles in $block (4 rows) and 5 alone
  ;; (1 row), so rows alone win when 5·(non-zeros) < 16·(terms kept), for n ≥ 32; the first
  ;; block's counts decide for the whole product.
  (func $product (export "product") (param $out i32) (param $ldo4 i32) (param $a i32) (param $rs i32) (param $cs i32)
                 (param $rows i32) (param $len i32) (param $b i32) (param $n i32) (param $scratch i32)
    (local $i i32) (local $mr i32) (local $packed i32) (local $offs i32) (local $kept i32)
    (local $vals i32) (local $roffs i32) (local $r i32) (local $rowOut i32) (local $alone i32)
    (local $n4 i32) (local $rowA i32) (local $k1 i32) (local $k2 i32) (local $k3 i32)
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))
    (local.set $packed (i32.add (local.get $scratch) (i32.const 64)))
    (local.set $offs (i32.add (local.get $packed) (i32.shl (local.get $len) (i32.const 6))))
    (local.set $vals (i32.add (local.get $offs) (i32.shl (local.get $len) (i32.const 4))))
    (local.set $roffs (i32.add (local.get $vals) (i32.shl (local.get $len) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $mr (i32.sub (local.get $rows) (local.get $i)))
        (if (i32.gt_u (local.get $mr) (i32.const 4)) (then (local.set $mr (i32.const 4))))
        (local.set $rowOut (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $ldo4))))
        (local.set $rowA (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $rs)) (i32.const 2))))
        ;; Aᵀ with 16 rows to go: 4 blocks from one pass over their cache lines.
        (if (i32.and (i32.eq (local.get $rs) (i32.const 1))
                     (i32.ge_u (i32.sub (local.get $rows) (local.get $i)) (i32.const 16)))
          (then
            (call $pack16 (local.get $rowA) (local.get $cs) (local.get $len) (local.get $n4)
              (local.get $packed) (local.get $offs))
            (local.set $k3) (local.set $k2) (local.set $k1) (local.set $kept)
            (call $block (local.get $rowOut) (local.get $ldo4) (i32.const 4) (local.get $packed)
              (local.get $offs) (local.get $kept) (local.get $b) (local.get $n) (local.get $scratch))
            (call $block (i32.add (local.get $rowOut) (i32.shl (local.get $ldo4) (i32.const 2)))
              (local.get $ldo4) (i32.const 4)
              (i32.add (local.get $packed) (i32.shl (local.get $len) (i32.const 4)))
              (i32.add (local.get $offs) (i32.shl (local.get $len) (i32.const 2)))
              (local.get $k1) (local.get $b) (local.get $n) (local.get $scratch))
            (call $block (i32.add (local.get $rowOut) (i32.shl (local.get $ldo4) (i32.const 3)))
              (local.get $ldo4) (i32.const 4)
              (i32.add (local.get $packed) (i32.shl (local.get $len) (i32.const 5)))
              (i32.add (local.get $offs) (i32.shl (local.get $len) (i32.const 3)))
              (local.get $k2) (local.get $b) (local.get $n) (local.get $scratch))
            (call $block (i32.add (local.get $rowOut) (i32.mul (local.get $ldo4) (i32.const 12)))
              (local.get $ldo4) (i32.const 4)
              (i32.add (local.get $packed) (i32.mul (local.get $len) (i32.const 48)))
              (i32.add (local.get $offs) (i32.mul (local.get $len) (i32.const 12)))
              (local.get $k3) (local.get $b) (local.get $n) (local.get $scratch))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $next)))
        (if (i32.eqz (local.get $alone))
          (then
            (local.set $kept (call $pack (local.get $rowA) (local.get $rs) (local.get $cs)
              (local.get $mr) (local.get $len) (local.get $n4) (local.get $packed) (local.get $offs)))
            (if (i32.eqz (local.get $i))
              (then (local.set $alone (i32.and
                (i32.and (i32.eq (local.get $cs) (i32.const 1)) (i32.ge_u (local.get $n) (i32.const 32)))
                (i32.lt_u (i32.mul (global.get $nonzeros) (i32.const 5))
                          (i32.shl (local.get $kept) (i32.const 4)))))))))
        (if (local.get $alone)
          (then
            (local.set $r (i32.const 0))
            (block $rowsDone
              (loop $row
                (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $mr)))
                (call $accumulate
                  (i32.add (local.get $rowOut) (i32.mul (local.get $r) (local.get $ldo4)))
                  (local.get $vals) (local.get $roffs)
                  (call $packRow
                    (i32.add (local.get $rowA) (i32.shl (i32.mul (local.get $r) (local.get $rs)) (i32.const 2)))
                    (local.get $len) (local.get $n4) (local.get $vals) (local.get $roffs))
                  (local.get $b) (local.get $n))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $row))))
          (else
            (call $block (local.get $rowOut)
              (local.get $ldo4) (local.get $mr) (local.get $packed) (local.get $offs) (local.get $kept)
              (local.get $b) (local.get $n) (local.get $scratch))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $next))))

  ;; ---------------------------------------------------------------- products of image batches
  ;; A batch of images held as their non-zero pixels (backend.ts's gatherImages): every image of
  ;; a dataset as one i32 per non-zero pixel, (q << 8) | p, q the pixel's index and p its byte, in
  ;; the order of q; and for row i of a batch, three byte addresses at rows + 12·i: where its
  ;; image's entries begin, where those of its second half (q ≥ pixels/2) begin, and where they
  ;; end. `values` holds the 256 floats p/255 (the pixel's value as gatherPixels writes it). Each
  ;; output element gets the terms gemmNN and gemmTN would add for the floats, in the same order
  ;; and through the same fused multiply-add, less the zero ones, which change nothing.

  ;; Entry e's value p/255 in every lane.
  (func $entryValue (param $e i32) (param $values i32) (result v128)
    (v128.load32_splat (i32.add (local.get $values) (i32.shl (i32.and (local.get $e) (i32.const 255)) (i32.const 2)))))

  ;; Byte offset of the row, in a matrix of n4 bytes per row, of entry e's pixel.
  (func $entryRow (param $e i32) (param $n4 i32) (result i32)
    (i32.mul (i32.shr_u (local.get $e) (i32.const 8)) (local.get $n4)))

  ;; One output row (n columns at `out`) += Σ over the entries in [begin, end) of value · b[q]:
  ;; 32 columns at a time (8 accumulators), then 4, then single columns in lane 0, as $accumulate.
  (func $imageRow (param $out i32) (param $begin i32) (param $end i32) (param $b i32) (param $n i32)
                  (param $values i32)
    (local $n4 i32) (local $j4 i32) (local $p i32) (local $e i32) (local $o i32) (local $bp i32)
    (local $x v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))
    (block $done32
      (loop $tile32
        (br_if $done32 (i32.gt_u (i32.add (local.get $j4) (i32.const 128)) (local.get $n4)))
        (local.set $o (i32.add (local.get $out) (local.get $j4)))
        (local.set $c0 (v128.load (local.get $o)))
        (local.set $c1 (v128.load offset=16 (local.get $o)))
        (local.set $c2 (v128.load offset=32 (local.get $o)))
        (local.set $c3 (v128.load offset=48 (local.get $o)))
        (local.set $c4 (v128.load offset=64 (local.get $o)))
        (local.set $c5 (v128.load offset=80 (local.get $o)))
        (local.set $c6 (v128.load offset=96 (local.get $o)))
        (local.set $c7 (v128.load offset=112 (local.get $o)))
        (local.set $p (local.get $begin))
        (block $end
          (loop $term
            (br_if $end (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $e (i32.load (local.get $p)))
            (local.set $x (call $entryValue (local.get $e) (local.get $values)))
            (local.set $bp (i32.add (i32.add (local.get $b) (local.get $j4))
              (call $entryRow (local.get $e) (local.get $n4))))
            (local.set $c0 (f32x4.relaxed_madd (local.get $x) (v128.load (local.get $bp)) (local.get $c0)))
            (local.set $c1 (f32x4.relaxed_madd (local.get $x) (v128.load offset=16 (local.get $bp)) (local.get $c1)))
            (local.set $c2 (f32x4.relaxed_madd (local.get $x) (v128.load offset=32 (local.get $bp)) (local.get $c2)))
            (local.set $c3 (f32x4.relaxed_madd (local.get $x) (v128.load offset=48 (local.get $bp)) (local.get $c3)))
            (local.set $c4 (f32x4.relaxed_madd (local.get $x) (v128.load offset=64 (local.get $bp)) (local.get $c4)))
            (local.set $c5 (f32x4.relaxed_madd (local.get $x) (v128.load offset=80 (local.get $bp)) (local.get $c5)))
            (local.set $c6 (f32x4.relaxed_madd (local.get $x) (v128.load offset=96 (local.get $bp)) (local.get $c6)))
            (local.set $c7 (f32x4.relaxed_madd (local.get $x) (v128.load offset=112 (local.get $bp)) (local.get $c7)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $term)))
        (v128.store (local.get $o) (local.get $c0))
        (v128.store offset=16 (local.get $o) (local.get $c1))
        (v128.store offset=32 (local.get $o) (local.get $c2))
        (v128.store offset=48 (local.get $o) (local.get $c3))
        (v128.store offset=64 (local.get $o) (local.get $c4))
        (v128.store offset=80 (local.get $o) (local.get $c5))
        (v128.store offset=96 (local.get $o) (local.get $c6))
        (v128.store offset=112 (local.get $o) (local.get $c7))
        (local.set $j4 (i32.add (local.get $j4) (i32.const 128)))
        (br $tile32)))
    (block $done4
      (loop $tile4
        (br_if $done4 (i32.gt_u (i32.add (local.get $j4) (i32.const 16)) (local.get $n4)))
        (local.set $o (i32.add (local.get $out) (local.get $j4)))
        (local.set $c0 (v128.load (local.get $o)))
        (local.set $p (local.get $begin))
        (block $end
          (loop $term
            (br_if $end (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $e (i32.load (local.get $p)))
            (local.set $c0 (f32x4.relaxed_madd
              (call $entryValue (local.get $e) (local.get $values))
              (v128.load (i32.add (i32.add (local.get $b) (local.get $j4))
                (call $entryRow (local.get $e) (local.get $n4))))
              (local.get $c0)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $term)))
        (v128.store (local.get $o) (local.get $c0))
        (local.set $j4 (i32.add (local.get $j4) (i32.const 16)))
        (br $tile4)))
    (block $done1
      (loop $tile1
        (br_if $done1 (i32.ge_u (local.get $j4) (local.get $n4)))
        (local.set $o (i32.add (local.get $out) (local.get $j4)))
        (local.set $c0 (v128.load32_zero (local.get $o)))
        (local.set $p (local.get $begin))
        (block $end
          (loop $term
            (br_if $end (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $e (i32.load (local.get $p)))
            (local.set $c0 (f32x4.relaxed_madd
              (call $entryValue (local.get $e) (local.get $values))
              (v128.load32_zero (i32.add (i32.add (local.get $b) (local.get $j4))
                (call $entryRow (local.get $e) (local.get $n4))))
              (local.get $c0)))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $term)))
        (v128.store32_lane 0 (local.get $o) (local.get $c0))
        (local.set $j4 (i32.add (local.get $j4) (i32.const 4)))
        (br $tile1))))

  ;; out (count, n) += X · b, X the batch as floats (count, pixels) and b (pixels, n): gemmNN.
  (func (export "imagesNN") (param $out i32) (param $rows i32) (param $count i32) (param $b i32)
                            (param $n i32) (param $values i32)
    (local $i i32) (local $n4 i32) (local $row i32)
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $row (i32.add (local.get $rows) (i32.mul (local.get $i) (i32.const 12))))
        (call $imageRow (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $n4)))
          (i32.load (local.get $row)) (i32.load offset=8 (local.get $row))
          (local.get $b) (local.get $n) (local.get $values))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; out (pixels, n) += (value · d) for each entry in [begin, end), at its pixel's row, d a row
  ;; of n values: 32 columns at a time (d's in 8 registers), then 4, then single ones in lane 0.
  (func $scatterRow (param $out i32) (param $begin i32) (param $end i32) (param $d i32) (param $n i32)
                    (param $values i32)
    (local $n4 i32) (local $j4 i32) (local $p i32) (local $e i32) (local $op i32) (local $x v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))
    (block $done32
      (loop $tile32
        (br_if $done32 (i32.gt_u (i32.add (local.get $j4) (i32.const 128)) (local.get $n4)))
        (local.set $op (i32.add (local.get $d) (local.get $j4)))
        (local.set $c0 (v128.load (local.get $op)))
        (local.set $c1 (v128.load offset=16 (local.get $op)))
        (local.set $c2 (v128.load offset=32 (local.get $op)))
        (local.set $c3 (v128.load offset=48 (local.get $op)))
        (local.set $c4 (v128.load offset=64 (local.get $op)))
        (local.set $c5 (v128.load offset=80 (local.get $op)))
        (local.set $c6 (v128.load offset=96 (local.get $op)))
        (local.set $c7 (v128.load offset=112 (local.get $op)))
        (local.set $p (local.get $begin))
        (block $end
          (loop $term
            (br_if $end (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $e (i32.load (local.get $p)))
            (local.set $x (call $entryValue (local.get $e) (local.get $values)))
            (local.set $op (i32.add (i32.add (local.get $out) (local.get $j4))
              (call $entryRow (local.get $e) (local.get $n4))))
            (v128.store (local.get $op) (f32x4.relaxed_madd (local.get $x) (local.get $c0) (v128.load (local.get $op))))
            (v128.store offset=16 (local.get $op) (f32x4.relaxed_madd (local.get $x) (local.get $c1) (v128.load offset=16 (local.get $op))))
            (v128.store offset=32 (local.get $op) (f32x4.relaxed_madd (local.get $x) (local.get $c2) (v128.load offset=32 (local.get $op))))
            (v128.store offset=48 (local.get $op) (f32x4.relaxed_madd (local.get $x) (local.get $c3) (v128.load offset=48 (local.get $op))))
            (v128.store offset=64 (local.get $op) (f32x4.relaxed_madd (local.get $x) (local.get $c4) (v128.load offset=64 (local.get $op))))
            (v128.store offset=80 (local.get $op) (f32x4.relaxed_madd (local.get $x) (local.get $c5) (v128.load offset=80 (local.get $op))))
            (v128.store offset=96 (local.get $op) (f32x4.relaxed_madd (local.get $x) (local.get $c6) (v128.load offset=96 (local.get $op))))
            (v128.store offset=112 (local.get $op) (f32x4.relaxed_madd (local.get $x) (local.get $c7) (v128.load offset=112 (local.get $op))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $term)))
        (local.set $j4 (i32.add (local.get $j4) (i32.const 128)))
        (br $tile32)))
    (block $done4
      (loop $tile4
        (br_if $done4 (i32.gt_u (i32.add (local.get $j4) (i32.const 16)) (local.get $n4)))
        (local.set $c0 (v128.load (i32.add (local.get $d) (local.get $j4))))
        (local.set $p (local.get $begin))
        (block $end
          (loop $term
            (br_if $end (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $e (i32.load (local.get $p)))
            (local.set $op (i32.add (i32.add (local.get $out) (local.get $j4))
              (call $entryRow (local.get $e) (local.get $n4))))
            (v128.store (local.get $op) (f32x4.relaxed_madd
              (call $entryValue (local.get $e) (local.get $values)) (local.get $c0) (v128.load (local.get $op))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $term)))
        (local.set $j4 (i32.add (local.get $j4) (i32.const 16)))
        (br $tile4)))
    (block $done1
      (loop $tile1
        (br_if $done1 (i32.ge_u (local.get $j4) (local.get $n4)))
        (local.set $c0 (v128.load32_zero (i32.add (local.get $d) (local.get $j4))))
        (local.set $p (local.get $begin))
        (block $end
          (loop $term
            (br_if $end (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $e (i32.load (local.get $p)))
            (local.set $op (i32.add (i32.add (local.get $out) (local.get $j4))
              (call $entryRow (local.get $e) (local.get $n4))))
            (v128.store32_lane 0 (local.get $op) (f32x4.relaxed_madd
              (call $entryValue (local.get $e) (local.get $values)) (local.get $c0)
              (v128.load32_zero (local.get $op))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $term)))
        (local.set $j4 (i32.add (local.get $j4) (i32.const 4)))
        (br $tile1))))

  ;; out (pixels, n) += Xᵀ · b, X the batch as floats (count, pixels) and b (count, n): gemmTN,
  ;; over each row's entries from the address at byte `from` of its three to the one at `to`
  ;; (0 and 8: all of them; 0 and 4 or 4 and 8: the output's first or second half of rows, one
  ;; thread's share).
  (func (export "imagesTN") (param $out i32) (param $rows i32) (param $count i32) (param $b i32)
                            (param $n i32) (param $values i32) (param $from i32) (param $to i32)
    (local $i i32) (local $n4 i32) (local $row i32)
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $row (i32.add (local.get $rows) (i32.mul (local.get $i) (i32.const 12))))
        (call $scatterRow (local.get $out)
          (i32.load (i32.add (local.get $row) (local.get $from)))
          (i32.load (i32.add (local.get $row) (local.get $to)))
          (i32.add (local.get $b) (i32.mul (local.get $i) (local.get $n4)))
          (local.get $n) (local.get $values))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; out (count, pixels) = the batch as floats, as gatherPixels writes them: zeros, then each
  ;; entry's value at its pixel (for a weight gradient wide enough that $product on the floats
  ;; beats the scatter, backend.ts).
  (func (export "imagesToFloats") (param $out i32) (param $rows i32) (param $count i32)
                                  (param $pixels i32) (param $values i32)
    (local $i i32) (local $o i32) (local $end i32) (local $p i32) (local $e i32) (local $row i32)
    (local.set $end (i32.add (local.get $out)
      (i32.shl (i32.mul (local.get $count) (local.get $pixels)) (i32.const 2))))
    (local.set $o (local.get $out))
    (block $zeroed
      (loop $zero
        (br_if $zeroed (i32.gt_u (i32.add (local.get $o) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $o) (v128.const i32x4 0 0 0 0))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $zero)))
    (block $tailZeroed
      (loop $tailZero
        (br_if $tailZeroed (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.const 0))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $tailZero)))
    (local.set $o (local.get $out))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $row (i32.add (local.get $rows) (i32.mul (local.get $i) (i32.const 12))))
        (local.set $p (i32.load (local.get $row)))
        (local.set $end (i32.load offset=8 (local.get $row)))
        (block $rowDone
          (loop $entry
            (br_if $rowDone (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $e (i32.load (local.get $p)))
            (f32.store
              (i32.add (local.get $o) (i32.shl (i32.shr_u (local.get $e) (i32.const 8)) (i32.const 2)))
              (f32.load (i32.add (local.get $values) (i32.shl (i32.and (local.get $e) (i32.const 255)) (i32.const 2)))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $entry)))
        (local.set $o (i32.add (local.get $o) (i32.shl (local.get $pixels) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; ---------------------------------------------------------------- product: A·Bᵀ

  ;; The sum of the four lanes.
  (func $lanes (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; Address of row min(r, last) of a matrix with rows of k4 bytes.
  (func $clamped (param $base i32) (param $r i32) (param $last i32) (param $k4 i32) (result i32)
    (i32.add (local.get $base)
      (i32.mul (select (local.get $r) (local.get $last) (i32.lt_u (local.get $r) (local.get $last)))
        (local.get $k4))))

  ;; Stores the lane sum of v at out[i][j] of an (m, n) matrix if i < m and j < n.
  (func $put (param $out i32) (param $i i32) (param $j i32) (param $m i32) (param $n i32) (param $v v128)
    (if (i32.and (i32.lt_u (local.get $i) (local.get $m)) (i32.lt_u (local.get $j) (local.get $n)))
      (then (f32.store
        (i32.add (local.get $out)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2)))
        (call $lanes (local.get $v))))))

  ;; out (M, N) = a (M, K) · bᵀ, b (N, K). Overwrites out.
  (func (export "gemmNT") (param $out i32) (param $a i32) (param $b i32) (param $m i32)
                          (param $k i32) (param $n i32)
    (local $k4 i32) (local $kv i32) (local $i i32) (local $j i32) (local $p i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $b0 i32) (local $b1 i32)
    (local $x v128) (local $y0 v128) (local $y1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $k4 (i32.shl (local.get $k) (i32.const 2)))
    (local.set $kv (i32.and (local.get $k4) (i32.const -16)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $a0 (call $clamped (local.get $a) (local.get $i) (i32.sub (local.get $m) (i32.const 1)) (local.get $k4)))
        (local.set $a1 (call $clamped (local.get $a) (i32.add (local.get $i) (i32.const 1)) (i32.sub (local.get $m) (i32.const 1)) (local.get $k4)))
        (local.set $a2 (call $clamped (local.get $a) (i32.add (local.get $i) (i32.const 2)) (i32.sub (local.get $m) (i32.const 1)) (local.get $k4)))
        (local.set $a3 (call $clamped (local.get $a) (i32.add (local.get $i) (i32.const 3)) (i32.sub (local.get $m) (i32.const 1)) (local.get $k4)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $b0 (call $clamped (local.get $b) (local.get $j) (i32.sub (local.get $n) (i32.const 1)) (local.get $k4)))
            (local.set $b1 (call $clamped (local.get $b) (i32.add (local.get $j) (i32.const 1)) (i32.sub (local.get $n) (i32.const 1)) (local.get $k4)))
            (local.set $c00 (v128.const f32x4 0 0 0 0))
            (local.set $c01 (local.get $c00)) (local.set $c10 (local.get $c00))
            (local.set $c11 (local.get $c00)) (local.set $c20 (local.get $c00))
            (local.set $c21 (local.get $c00)) (local.set $c30 (local.get $c00))
            (local.set $c31 (local.get $c00))
            (local.set $p (i32.const 0))
            (block $vecDone
              (loop $vec
                (br_if $vecDone (i32.ge_u (local.get $p) (local.get $kv)))
                (local.set $y0 (v128.load (i32.add (local.get $b0) (local.get $p))))
                (local.set $y1 (v128.load (i32.add (local.get $b1) (local.get $p))))
                (local.set $x (v128.load (i32.add (local.get $a0) (local.get $p))))
                (local.set $c00 (f32x4.relaxed_madd (local.get $x) (local.get $y0) (local.get $c00)))
                (local.set $c01 (f32x4.relaxed_madd (local.get $x) (local.get $y1) (local.get $c01)))
                (local.set $x (v128.load (i32.add (local.get $a1) (local.get $p))))
                (local.set $c10 (f32x4.relaxed_madd (local.get $x) (local.get $y0) (local.get $c10)))
                (local.set $c11 (f32x4.relaxed_madd (local.get $x) (local.get $y1) (local.get $c11)))
                (local.set $x (v128.load (i32.add (local.get $a2) (local.get $p))))
                (local.set $c20 (f32x4.relaxed_madd (local.get $x) (local.get $y0) (local.get $c20)))
                (local.set $c21 (f32x4.relaxed_madd (local.get $x) (local.get $y1) (local.get $c21)))
                (local.set $x (v128.load (i32.add (local.get $a3) (local.get $p))))
                (local.set $c30 (f32x4.relaxed_madd (local.get $x) (local.get $y0) (local.get $c30)))
                (local.set $c31 (f32x4.relaxed_madd (local.get $x) (local.get $y1) (local.get $c31)))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (br $vec)))
            ;; The last 1–3 terms, one at a time in lane 0.
            (block $tailDone
              (loop $tail
                (br_if $tailDone (i32.ge_u (local.get $p) (local.get $k4)))
                (local.set $y0 (v128.load32_zero (i32.add (local.get $b0) (local.get $p))))
                (local.set $y1 (v128.load32_zero (i32.add (local.get $b1) (local.get $p))))
                (local.set $x (v128.load32_zero (i32.add (local.get $a0) (local.get $p))))
                (local.set $c00 (f32x4.relaxed_madd (local.get $x) (local.get $y0) (local.get $c00)))
                (local.set $c01 (f32x4.relaxed_madd (local.get $x) (local.get $y1) (local.get $c01)))
                (local.set $x (v128.load32_zero (i32.add (local.get $a1) (local.get $p))))
                (local.set $c10 (f32x4.relaxed_madd (local.get $x) (local.get $y0) (local.get $c10)))
                (local.set $c11 (f32x4.relaxed_madd (local.get $x) (local.get $y1) (local.get $c11)))
                (local.set $x (v128.load32_zero (i32.add (local.get $a2) (local.get $p))))
                (local.set $c20 (f32x4.relaxed_madd (local.get $x) (local.get $y0) (local.get $c20)))
                (local.set $c21 (f32x4.relaxed_madd (local.get $x) (local.get $y1) (local.get $c21)))
                (local.set $x (v128.load32_zero (i32.add (local.get $a3) (local.get $p))))
                (local.set $c30 (f32x4.relaxed_madd (local.get $x) (local.get $y0) (local.get $c30)))
                (local.set $c31 (f32x4.relaxed_madd (local.get $x) (local.get $y1) (local.get $c31)))
                (local.set $p (i32.add (local.get $p) (i32.const 4)))
                (br $tail)))
            (call $put (local.get $out) (local.get $i) (local.get $j) (local.get $m) (local.get $n) (local.get $c00))
            (call $put (local.get $out) (local.get $i) (i32.add (local.get $j) (i32.const 1)) (local.get $m) (local.get $n) (local.get $c01))
            (call $put (local.get $out) (i32.add (local.get $i) (i32.const 1)) (local.get $j) (local.get $m) (local.get $n) (local.get $c10))
            (call $put (local.get $out) (i32.add (local.get $i) (i32.const 1)) (i32.add (local.get $j) (i32.const 1)) (local.get $m) (local.get $n) (local.get $c11))
            (call $put (local.get $out) (i32.add (local.get $i) (i32.const 2)) (local.get $j) (local.get $m) (local.get $n) (local.get $c20))
            (call $put (local.get $out) (i32.add (local.get $i) (i32.const 2)) (i32.add (local.get $j) (i32.const 1)) (local.get $m) (local.get $n) (local.get $c21))
            (call $put (local.get $out) (i32.add (local.get $i) (i32.const 3)) (local.get $j) (local.get $m) (local.get $n) (local.get $c30))
            (call $put (local.get $out) (i32.add (local.get $i) (i32.const 3)) (i32.add (local.get $j) (i32.const 1)) (local.get $m) (local.get $n) (local.get $c31))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows))))

  ;; ---------------------------------------------------------------- rows and columns

  ;; out (M, N): every row set to v (N)
  (func (export "fillRows") (param $out i32) (param $v i32) (param $m i32) (param $n i32)
    (local $n4 i32)
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $m)))
        (memory.copy (local.get $out) (local.get $v) (local.get $n4))
        (local.set $out (i32.add (local.get $out) (local.get $n4)))
        (local.set $m (i32.sub (local.get $m) (i32.const 1)))
        (br $next))))

  ;; out (N) += column sums of a (M, N)
  (func (export "addColumnSums") (param $out i32) (param $a i32) (param $m i32) (param $n i32)
    (local $n4 i32) (local $nv i32) (local $j i32)
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))
    (local.set $nv (i32.and (local.get $n4) (i32.const -16)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $m)))
        (local.set $j (i32.const 0))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $j) (local.get $nv)))
            (v128.store (i32.add (local.get $out) (local.get $j))
              (f32x4.add (v128.load (i32.add (local.get $out) (local.get $j)))
                         (v128.load (i32.add (local.get $a) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $vec)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $j) (local.get $n4)))
            (f32.store (i32.add (local.get $out) (local.get $j))
              (f32.add (f32.load (i32.add (local.get $out) (local.get $j)))
                       (f32.load (i32.add (local.get $a) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $tail)))
        (local.set $a (i32.add (local.get $a) (local.get $n4)))
        (local.set $m (i32.sub (local.get $m) (i32.const 1)))
        (br $row))))

  ;; ---------------------------------------------------------------- input, norms, optimiser

  ;; out[i] = bytes[i] / 255 for i < n: 16 bytes at a time widened to four f32x4, then one byte at
  ;; a time. A division (not a multiply by 1/255) rounds as the TypeScript backend's p/255 does;
  ;; a float32 multiply would differ for 126 of the 256 bytes, and a float64 one (exact) was
  ;; measured twice as slow here.
  (func $unit (param $p v128) (result v128)
    (f32x4.div (f32x4.convert_i32x4_u (local.get $p)) (v128.const f32x4 255 255 255 255)))
  (func $unitFromBytes (export "unitFromBytes") (param $out i32) (param $bytes i32) (param $n i32)
    (local $end i32) (local $b v128) (local $h v128)
    (local.set $end (i32.add (local.get $bytes) (i32.and (local.get $n) (i32.const -16))))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $bytes) (local.get $end)))
        (local.set $b (v128.load (local.get $bytes)))
        ;; Sixteen background pixels (most of an MNIST image's border) need no division.
        (if (v128.any_true (local.get $b))
          (then
            (local.set $h (i16x8.extend_low_i8x16_u (local.get $b)))
            (v128.store (local.get $out) (call $unit (i32x4.extend_low_i16x8_u (local.get $h))))
            (v128.store offset=16 (local.get $out) (call $unit (i32x4.extend_high_i16x8_u (local.get $h))))
            (local.set $h (i16x8.extend_high_i8x16_u (local.get $b)))
            (v128.store offset=32 (local.get $out) (call $unit (i32x4.extend_low_i16x8_u (local.get $h))))
            (v128.store offset=48 (local.get $out) (call $unit (i32x4.extend_high_i16x8_u (local.get $h)))))
          (else
            (v128.store (local.get $out) (local.get $b))
            (v128.store offset=16 (local.get $out) (local.get $b))
            (v128.store offset=32 (local.get $out) (local.get $b))
            (v128.store offset=48 (local.get $out) (local.get $b))))
        (local.set $bytes (i32.add (local.get $bytes) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 64)))
        (br $vec)))
    (local.set $end (i32.add (local.get $end) (i32.and (local.get $n) (i32.const 15))))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $bytes) (local.get $end)))
        (f32.store (local.get $out)
          (f32.div (f32.convert_i32_u (i32.load8_u (local.get $bytes))) (f32.const 255)))
        (local.set $bytes (i32.add (local.get $bytes) (i32.const 1)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $tail))))

  ;; out (count, pixels): row i is the image of `pixels` bytes at images + rows[i], as p/255.
  ;; The rows are scattered over tens of megabytes, so each costs the memory's latency: while
  ;; row i is converted, one byte of every cache line of row i + 2 is read (and kept, in `seen`,
  ;; so the reads are not optimised away), so its lines are on their way when its turn comes.
  (func (export "gatherUnit") (param $out i32) (param $images i32) (param $rows i32) (param $count i32)
                              (param $pixels i32)
    (local $i i32) (local $ahead i32) (local $line i32) (local $seen i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (if (i32.lt_u (i32.add (local.get $i) (i32.const 2)) (local.get $count))
          (then
            (local.set $ahead (i32.add (local.get $images)
              (i32.load (i32.add (local.get $rows) (i32.shl (i32.add (local.get $i) (i32.const 2)) (i32.const 2))))))
            (local.set $line (i32.const 0))
            (block $touched
              (loop $touch
                (br_if $touched (i32.ge_u (local.get $line) (local.get $pixels)))
                (local.set $seen (i32.or (local.get $seen)
                  (i32.load8_u (i32.add (local.get $ahead) (local.get $line)))))
                (local.set $line (i32.add (local.get $line) (i32.const 64)))
                (br $touch)))))
        (call $unitFromBytes (local.get $out)
          (i32.add (local.get $images) (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))))
          (local.get $pixels))
        (local.set $out (i32.add (local.get $out) (i32.shl (local.get $pixels) (i32.const 2))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (global.set $seen (local.get $seen)))
  (global $seen (mut i32) (i32.const 0))

  ;; out[i] += scale · a[i] for i < n: 4 at a time, then one by one.
  (func (export "addScaled") (param $out i32) (param $a i32) (param $scale f32) (param $n i32)
    (local $end i32) (local $s v128)
    (local.set $s (f32x4.splat (local.get $scale)))
    (local.set $end (i32.add (local.get $out) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $out) (local.get $end)))
        (v128.store (local.get $out) (f32x4.add (v128.load (local.get $out))
          (f32x4.mul (local.get $s) (v128.load (local.get $a)))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $vec)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $out) (local.get $end)))
        (f32.store (local.get $out) (f32.add (f32.load (local.get $out))
          (f32.mul (local.get $scale) (f32.load (local.get $a)))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $tail))))

  ;; Σ a[i]² for i < n: each square widened to float64 and summed in two f64x2 accumulators.
  (func (export "sumOfSquares") (param $a i32) (param $n i32) (result f64)
    (local $end i32) (local $x v128) (local $lo v128) (local $hi v128) (local $s f64)
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $x (f64x2.promote_low_f32x4 (v128.load (local.get $a))))
        (local.set $lo (f64x2.relaxed_madd (local.get $x) (local.get $x) (local.get $lo)))
        (local.set $x (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $a))))
        (local.set $hi (f64x2.relaxed_madd (local.get $x) (local.get $x) (local.get $hi)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $vec)))
    (local.set $lo (f64x2.add (local.get $lo) (local.get $hi)))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $lo)) (f64x2.extract_lane 1 (local.get $lo))))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $x (f64x2.promote_low_f32x4 (v128.load32_zero (local.get $a))))
        (local.set $s (f64.add (local.get $s)
          (f64.mul (f64x2.extract_lane 0 (local.get $x)) (f64x2.extract_lane 0 (local.get $x)))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $tail)))
    (local.get $s))

  ;; One Adam update of n parameters (see ../backend.ts): 4 at a time, then the last 1–3 one by
  ;; one with the same operations in float32. Moments below 1e-30 in size are set to zero: a
  ;; weight whose gradient is rarely non-zero (a pixel near the border) has moments decaying
  ;; towards zero through the subnormal floats, where x86 computes up to 100× slower, and such a
  ;; moment moves its parameter by less than 1e-20.
  (func $flush (param $x v128) (result v128)
    (v128.and (local.get $x)
      (f32x4.ge (f32x4.abs (local.get $x)) (v128.const f32x4 1e-30 1e-30 1e-30 1e-30))))
  (func (export "adam") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
                        (param $stepSize f32) (param $vScale f32) (param $beta1 f32)
                        (param $beta2 f32) (param $epsilon f32)
    (local $i i32) (local $n4 i32) (local $nv i32)
    (local $b1 v128) (local $c1 v128) (local $b2 v128) (local $c2 v128)
    (local $step v128) (local $vs v128) (local $eps v128)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs1 f32)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $c1 (f32x4.splat (f32.sub (f32.const 1) (local.get $beta1))))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $c2 (f32x4.splat (f32.sub (f32.const 1) (local.get $beta2))))
    (local.set $step (f32x4.splat (local.get $stepSize)))
    (local.set $vs (f32x4.splat (local.get $vScale)))
    (local.set $eps (f32x4.splat (local.get $epsilon)))
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))
    (local.set $nv (i32.and (local.get $n4) (i32.const -16)))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $i) (local.get $nv)))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $i))))
        ;; m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²
        (local.set $mv (f32x4.add
          (f32x4.mul (local.get $b1) (v128.load (i32.add (local.get $m) (local.get $i))))
          (f32x4.mul (local.get $c1) (local.get $gv))))
        (local.set $vv (f32x4.add
          (f32x4.mul (local.get $b2) (v128.load (i32.add (local.get $v) (local.get $i))))
          (f32x4.mul (local.get $c2) (f32x4.mul (local.get $gv) (local.get $gv)))))
        (local.set $mv (call $flush (local.get $mv)))
        (local.set $vv (call $flush (local.get $vv)))
        (v128.store (i32.add (local.get $m) (local.get $i)) (local.get $mv))
        (v128.store (i32.add (local.get $v) (local.get $i)) (local.get $vv))
        ;; p ← p − stepSize·m / (√(v·vScale) + ε)
        (v128.store (i32.add (local.get $p) (local.get $i))
          (f32x4.sub (v128.load (i32.add (local.get $p) (local.get $i)))
            (f32x4.div (f32x4.mul (local.get $step) (local.get $mv))
              (f32x4.add (f32x4.sqrt (f32x4.mul (local.get $vv) (local.get $vs))) (local.get $eps)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $n4)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $ms (f32.add
          (f32.mul (local.get $beta1) (f32.load (i32.add (local.get $m) (local.get $i))))
          (f32.mul (f32.sub (f32.const 1) (local.get $beta1)) (local.get $gs))))
        (local.set $vs1 (f32.add
          (f32.mul (local.get $beta2) (f32.load (i32.add (local.get $v) (local.get $i))))
          (f32.mul (f32.sub (f32.const 1) (local.get $beta2)) (f32.mul (local.get $gs) (local.get $gs)))))
        (local.set $ms (f32x4.extract_lane 0 (call $flush (f32x4.splat (local.get $ms)))))
        (local.set $vs1 (f32x4.extract_lane 0 (call $flush (f32x4.splat (local.get $vs1)))))
        (f32.store (i32.add (local.get $m) (local.get $i)) (local.get $ms))
        (f32.store (i32.add (local.get $v) (local.get $i)) (local.get $vs1))
        (f32.store (i32.add (local.get $p) (local.get $i))
          (f32.sub (f32.load (i32.add (local.get $p) (local.get $i)))
            (f32.div (f32.mul (local.get $stepSize) (local.get $ms))
              (f32.add (f32.sqrt (f32.mul (local.get $vs1) (local.get $vScale))) (local.get $epsilon)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $tail))))

  ;; ---------------------------------------------------------------- element-wise
  ;; Each kernel maps (x, y) → out element by element for n elements: 4 at a time, then the last
  ;; 1–3 in lane 0 (load32_zero / store32_lane), through the same vector function. The functions
  ;; take a parameter s (the leaky ReLU's slope; unused elsewhere).

  (func $times (param $x v128) (param $y v128) (param $s f32) (result v128)
    (f32x4.mul (local.get $x) (local.get $y)))
  ;; z > 0 ? z : 0 (the mask of z > 0 keeps z; NaN and −0 give +0, as in activations.ts)
  (func $relu (param $z v128) (param $unused v128) (param $s f32) (result v128)
    (v128.and (local.get $z) (f32x4.gt (local.get $z) (v128.const f32x4 0 0 0 0))))
  ;; z > 0 ? dA : 0, with x = dA, y = z
  (func $reluBack (param $dA v128) (param $z v128) (param $s f32) (result v128)
    (v128.and (local.get $dA) (f32x4.gt (local.get $z) (v128.const f32x4 0 0 0 0))))
  ;; z > 0 ? z : s·z
  (func $leaky (param $z v128) (param $unused v128) (param $s f32) (result v128)
    (v128.bitselect (local.get $z) (f32x4.mul (local.get $z) (f32x4.splat (local.get $s)))
      (f32x4.gt (local.get $z) (v128.const f32x4 0 0 0 0))))
  ;; z > 0 ? dA : s·dA
  (func $leakyBack (param $dA v128) (param $z v128) (param $s f32) (result v128)
    (v128.bitselect (local.get $dA) (f32x4.mul (local.get $dA) (f32x4.splat (local.get $s)))
      (f32x4.gt (local.get $z) (v128.const f32x4 0 0 0 0))))
  ;; dA · a · (1 − a), with a = σ(z)
  (func $sigmoidBack (param $dA v128) (param $a v128) (param $s f32) (result v128)
    (f32x4.mul (f32x4.mul (local.get $dA) (local.get $a))
      (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $a))))
  ;; dA · (1 − a²), with a = tanh(z)
  (func $tanhBack (param $dA v128) (param $a v128) (param $s f32) (result v128)
    (f32x4.mul (local.get $dA)
      (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $a) (local.get $a)))))

  ;; e^x, to about 2 units in the last place of a float32 (Cephes' expf): x = n·ln 2 + r with
  ;; n whole and |r| ≤ ln 2 / 2, e^r by its degree-7 Taylor-like polynomial, and 2ⁿ written
  ;; straight into the exponent bits. x is first clamped to where e^x is a normal float32.
  (func $exp (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.max (f32x4.min (local.get $x) (v128.const f32x4 88.3762626647949 88.3762626647949 88.3762626647949 88.3762626647949))
      (v128.const f32x4 -87.3365478515625 -87.3365478515625 -87.3365478515625 -87.3365478515625)))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))))
    ;; ln 2 in two parts, so that n·(ln 2)_high is exact and r keeps its low bits.
    (local.set $r (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
    (local.set $r (f32x4.sub (local.get $r) (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $p (f32x4.relaxed_madd (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4) (local.get $r) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $p (f32x4.relaxed_madd (local.get $p) (local.get $r) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $p (f32x4.relaxed_madd (local.get $p) (local.get $r) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $p (f32x4.relaxed_madd (local.get $p) (local.get $r) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $p (f32x4.relaxed_madd (local.get $p) (local.get $r) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    ;; p·r² + r + 1
    (local.set $p (f32x4.add (f32x4.relaxed_madd (f32x4.mul (local.get $p) (local.get $r)) (local.get $r) (local.get $r))
      (v128.const f32x4 1 1 1 1)))
    (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (v128.const i32x4 127 127 127 127))
        (i32.const 23))))
  ;; σ(z) = 1 / (1 + e^−z)
  (func $sigmoid (param $z v128) (param $unused v128) (param $s f32) (result v128)
    (f32x4.div (v128.const f32x4 1 1 1 1)
      (f32x4.add (v128.const f32x4 1 1 1 1) (call $exp (f32x4.neg (local.get $z))))))
  ;; tanh(z) = 1 − 2 / (e^2z + 1), which saturates to ±1 where e^2z overflows or vanishes.
  (func $tanh (param $z v128) (param $unused v128) (param $s f32) (result v128)
    (f32x4.sub (v128.const f32x4 1 1 1 1)
      (f32x4.div (v128.const f32x4 2 2 2 2)
        (f32x4.add (call $exp (f32x4.add (local.get $z) (local.get $z))) (v128.const f32x4 1 1 1 1)))))

  ;; ---------------------------------------------------------------- softmax and the losses
  ;; What src-core/losses.ts computes, row by row for `rows` rows of c classes: probs p =
  ;; softmax(z) (after subtracting the row's maximum, so e^z never overflows) and, when `grad`,
  ;; the gradient of (loss × scale) in dz.
  ;; Each row's loss goes to losses[r] (a float64), so that the caller adds them up in row order
  ;; whichever thread computed which rows.
  ;; - kind 0, cross-entropy: the loss of a row is log Σe + max − z_label. WebAssembly has no
  ;;   logarithm, so the row's Σe goes to sums[r] and max − z_label to losses[r], and the caller
  ;;   adds log Σe with Math.log; dz = scale·(p − onehot).
  ;; - kind 1, summed squared error: Σ_j (p − onehot)², summed in float64;
  ;;   dz = scale·p·(g − Σ_j p_j g_j), g = 2(p − onehot) (through softmax's Jacobian).
  (func (export "softmaxLoss") (param $z i32) (param $labels i32) (param $p i32) (param $dz i32)
                               (param $grad i32) (param $rows i32) (param $c i32) (param $scale f32)
                               (param $kind i32) (param $sums i32) (param $losses i32)
    (local $r i32) (local $j i32) (local $c4 i32) (local $cv i32) (local $label i32)
    (local $max f32) (local $sum f32) (local $x f32) (local $d f32) (local $pg f32)
    (local $v v128) (local $sv v128) (local $total f64)
    (local.set $c4 (i32.shl (local.get $c) (i32.const 2)))
    (local.set $cv (i32.and (local.get $c4) (i32.const -16)))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $label (i32.load8_u (i32.add (local.get $labels) (local.get $r))))
        (local.set $total (f64.const 0))
        ;; the row's maximum
        (local.set $max (f32.load (local.get $z)))
        (local.set $j (i32.const 4))
        (block $maxDone
          (loop $maxNext
            (br_if $maxDone (i32.ge_u (local.get $j) (local.get $c4)))
            (local.set $max (f32.max (local.get $max) (f32.load (i32.add (local.get $z) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $maxNext)))
        ;; e^(z − max), 4 at a time then one by one, and their sum
        (local.set $sv (v128.const f32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $expDone
          (loop $expNext
            (br_if $expDone (i32.ge_u (local.get $j) (local.get $cv)))
            (local.set $v (call $exp (f32x4.sub (v128.load (i32.add (local.get $z) (local.get $j)))
              (f32x4.splat (local.get $max)))))
            (v128.store (i32.add (local.get $p) (local.get $j)) (local.get $v))
            (local.set $sv (f32x4.add (local.get $sv) (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $expNext)))
        (local.set $sum (call $lanes (local.get $sv)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $j) (local.get $c4)))
            (local.set $x (f32x4.extract_lane 0 (call $exp (f32x4.splat
              (f32.sub (f32.load (i32.add (local.get $z) (local.get $j))) (local.get $max))))))
            (f32.store (i32.add (local.get $p) (local.get $j)) (local.get $x))
            (local.set $sum (f32.add (local.get $sum) (local.get $x)))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $tail)))
        ;; p = e / Σe; and the loss and its gradient
        (local.set $pg (f32.const 0))
        (local.set $j (i32.const 0))
        (block $normDone
          (loop $norm
            (br_if $normDone (i32.ge_u (local.get $j) (local.get $c4)))
            (local.set $x (f32.div (f32.load (i32.add (local.get $p) (local.get $j))) (local.get $sum)))
            (f32.store (i32.add (local.get $p) (local.get $j)) (local.get $x))
            ;; d = p − onehot; Σ p·g with g = 2d
            (local.set $d (f32.sub (local.get $x)
              (f32.convert_i32_u (i32.eq (local.get $j) (i32.shl (local.get $label) (i32.const 2))))))
            (local.set $pg (f32.add (local.get $pg) (f32.mul (local.get $x) (f32.add (local.get $d) (local.get $d)))))
            (if (local.get $kind)
              (then (local.set $total (f64.add (local.get $total) (f64.promote_f32 (f32.mul (local.get $d) (local.get $d)))))))
            (if (i32.and (local.get $grad) (i32.eqz (local.get $kind)))
              (then (f32.store (i32.add (local.get $dz) (local.get $j)) (f32.mul (local.get $d) (local.get $scale)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $norm)))
        (if (i32.eqz (local.get $kind))
          (then
            (f32.store (i32.add (local.get $sums) (i32.shl (local.get $r) (i32.const 2))) (local.get $sum))
            (local.set $total (f64.promote_f32 (f32.sub (local.get $max)
              (f32.load (i32.add (local.get $z) (i32.shl (local.get $label) (i32.const 2)))))))))
        (f64.store (i32.add (local.get $losses) (i32.shl (local.get $r) (i32.const 3))) (local.get $total))
        ;; squared error's gradient: p·(g − Σ p g)·scale, g = 2(p − onehot)
        (if (i32.and (local.get $grad) (local.get $kind))
          (then
            (local.set $j (i32.const 0))
            (block $gradDone
              (loop $gradNext
                (br_if $gradDone (i32.ge_u (local.get $j) (local.get $c4)))
                (local.set $x (f32.load (i32.add (local.get $p) (local.get $j))))
                (local.set $d (f32.sub (local.get $x)
                  (f32.convert_i32_u (i32.eq (local.get $j) (i32.shl (local.get $label) (i32.const 2))))))
                (f32.store (i32.add (local.get $dz) (local.get $j))
                  (f32.mul (f32.mul (local.get $x) (f32.sub (f32.add (local.get $d) (local.get $d)) (local.get $pg)))
                    (local.get $scale)))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $gradNext)))))
        (local.set $z (i32.add (local.get $z) (local.get $c4)))
        (local.set $p (i32.add (local.get $p) (local.get $c4)))
        (local.set $dz (i32.add (local.get $dz) (local.get $c4)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  (type $map (func (param v128 v128 f32) (result v128)))
  (table 9 funcref)
  (elem (i32.const 0) $times $relu $reluBack $leaky $leakyBack $sigmoidBack $tanhBack $sigmoid $tanh)

  ;; out[i] = f(x[i], y[i]) for i < n, f = table entry `op` (the order of `elem` above, which
  ;; backend.ts names). One indirect call per 4 elements costs a few nanoseconds, which keeps
  ;; each function written once; but ReLU and its derivative, in every preset, are both
  ;; $relu's x where y > 0 (ReLU's x and y are both z), and go through one loop of their own
  ;; with no call (a full-batch step of the Article net maps 6 million elements).
  (func $map (param $op i32) (param $out i32) (param $x i32) (param $y i32) (param $n i32) (param $s f32)
    (local $i i32) (local $n4 i32) (local $nv i32)
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))
    (local.set $nv (i32.and (local.get $n4) (i32.const -16)))
    (if (i32.or (i32.eq (local.get $op) (i32.const 1)) (i32.eq (local.get $op) (i32.const 2)))
      (then
        (block $reluDone
          (loop $relu
            (br_if $reluDone (i32.ge_u (local.get $i) (local.get $nv)))
            (v128.store (i32.add (local.get $out) (local.get $i))
              (call $reluBack
                (v128.load (i32.add (local.get $x) (local.get $i)))
                (v128.load (i32.add (local.get $y) (local.get $i)))
                (local.get $s)))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $relu)))))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $i) (local.get $nv)))
        (v128.store (i32.add (local.get $out) (local.get $i))
          (call_indirect (type $map)
            (v128.load (i32.add (local.get $x) (local.get $i)))
            (v128.load (i32.add (local.get $y) (local.get $i)))
            (local.get $s) (local.get $op)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $n4)))
        (v128.store32_lane 0 (i32.add (local.get $out) (local.get $i))
          (call_indirect (type $map)
            (v128.load32_zero (i32.add (local.get $x) (local.get $i)))
            (v128.load32_zero (i32.add (local.get $y) (local.get $i)))
            (local.get $s) (local.get $op)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $tail))))

  (export "map" (func $map))
)
