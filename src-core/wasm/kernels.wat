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

;; The memory is imported as an ordinary one; the build also makes a variant importing it shared
;; (memory 1 65536 shared), for two threads (threads.ts).
(module
  (import "env" "memory" (memory 1))

  ;; ---------------------------------------------------------------- products: A·B and Aᵀ·B

  ;; Packs a block of `rows` (1–4) rows of a left operand whose element (r, q) is at
  ;; a + 4·(r·rs + q·cs), for q < len: one v128 per q whose values are not all zero, into
  ;; `packed`, and 4·n·q (the byte offset of row q of the right operand) into `offs`.
  ;; Returns how many q were kept.
  (func $pack (param $a i32) (param $rs i32) (param $cs i32) (param $rows i32) (param $len i32)
              (param $n4 i32) (param $packed i32) (param $offs i32) (result i32)
    (local $q i32) (local $kept i32) (local $p i32) (local $rs4 i32) (local $cs4 i32) (local $v v128)
    (local.set $rs4 (i32.shl (local.get $rs) (i32.const 2)))
    (local.set $cs4 (i32.shl (local.get $cs) (i32.const 2)))
    (local.set $p (local.get $a))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $q) (local.get $len)))
        (local.set $v (v128.load32_zero (local.get $p)))
        (if (i32.gt_u (local.get $rows) (i32.const 1))
          (then (local.set $v (v128.load32_lane 1
            (i32.add (local.get $p) (local.get $rs4)) (local.get $v)))))
        (if (i32.gt_u (local.get $rows) (i32.const 2))
          (then (local.set $v (v128.load32_lane 2
            (i32.add (local.get $p) (i32.shl (local.get $rs4) (i32.const 1))) (local.get $v)))))
        (if (i32.gt_u (local.get $rows) (i32.const 3))
          (then (local.set $v (v128.load32_lane 3
            (i32.add (local.get $p) (i32.mul (local.get $rs4) (i32.const 3))) (local.get $v)))))
        (if (v128.any_true (f32x4.ne (local.get $v) (v128.const f32x4 0 0 0 0)))
          (then
            (v128.store (i32.add (local.get $packed) (i32.shl (local.get $kept) (i32.const 4)))
              (local.get $v))
            (i32.store (i32.add (local.get $offs) (i32.shl (local.get $kept) (i32.const 2)))
              (i32.mul (local.get $q) (local.get $n4)))
            (local.set $kept (i32.add (local.get $kept) (i32.const 1)))))
        (local.set $p (i32.add (local.get $p) (local.get $cs4)))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $next)))
    (local.get $kept))

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
  ;; $pack and b is (len, n). `scratch` holds the dummy row (64 bytes), then the packed block
  ;; (16·len bytes), then the offsets (4·len bytes). gemmNN is L = a (rs = K, cs = 1) and gemmTN
  ;; L = aᵀ (rs = 1, cs = K); backend.ts passes which, and each thread's share of the rows.
  (func $product (export "product") (param $out i32) (param $ldo4 i32) (param $a i32) (param $rs i32) (param $cs i32)
                 (param $rows i32) (param $len i32) (param $b i32) (param $n i32) (param $scratch i32)
    (local $i i32) (local $mr i32) (local $packed i32) (local $offs i32) (local $kept i32)
    (local.set $packed (i32.add (local.get $scratch) (i32.const 64)))
    (local.set $offs (i32.add (local.get $packed) (i32.shl (local.get $len) (i32.const 4))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $mr (i32.sub (local.get $rows) (local.get $i)))
        (if (i32.gt_u (local.get $mr) (i32.const 4)) (then (local.set $mr (i32.const 4))))
        (local.set $kept (call $pack
          (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $rs)) (i32.const 2)))
          (local.get $rs) (local.get $cs) (local.get $mr) (local.get $len)
          (i32.shl (local.get $n) (i32.const 2)) (local.get $packed) (local.get $offs)))
        (call $block
          (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $ldo4)))
          (local.get $ldo4) (local.get $mr) (local.get $packed) (local.get $offs) (local.get $kept)
          (local.get $b) (local.get $n) (local.get $scratch))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
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

  (type $map (func (param v128 v128 f32) (result v128)))
  (table 9 funcref)
  (elem (i32.const 0) $times $relu $reluBack $leaky $leakyBack $sigmoidBack $tanhBack $sigmoid $tanh)

  ;; out[i] = f(x[i], y[i]) for i < n, f = table entry `op` (the order of `elem` above, which
  ;; backend.ts names). One indirect call per 4 elements costs a few nanoseconds: small next to
  ;; the products, and it keeps each function written once.
  (func $map (param $op i32) (param $out i32) (param $x i32) (param $y i32) (param $n i32) (param $s f32)
    (local $i i32) (local $n4 i32) (local $nv i32)
    (local.set $n4 (i32.shl (local.get $n) (i32.const 2)))
    (local.set $nv (i32.and (local.get $n4) (i32.const -16)))
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
