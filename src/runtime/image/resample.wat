;; Pillow's two 8-bit resampling passes (libImaging/Resample.c, ImagingResampleHorizontal_8bpc and
;; ImagingResampleVertical_8bpc) in WebAssembly SIMD, for interleaved RGB. The same integer
;; arithmetic as Pillow: 22-bit fixed-point weights, 32-bit sums starting at 1 << 21, each sum
;; shifted right by 22 and clamped to 0..255. `pil-resample.ts` lays out the memory and calls these;
;; `scripts/build-wasm.mjs` compiles this file into `resample-wasm.ts`.
;;
;; Both passes store more bytes than they own (4 or 16 at a time): the extra bytes land on the next
;; pixel or row, written afterwards, or on the 16 spare bytes the caller leaves after each buffer.
(module
  (memory (export "memory") 1)

  ;; Clamp four 32-bit sums to 0..255 after the shift (Pillow's clip8).
  (func $clip (param $v v128) (result v128)
    (i32x4.min_s
      (i32x4.max_s (i32x4.shr_s (local.get $v) (i32.const 22)) (v128.const i32x4 0 0 0 0))
      (v128.const i32x4 255 255 255 255)))

  ;; Horizontal pass: for each of `rows` rows of `src` (`srcStride` bytes apart), output columns
  ;; [x0, x1) into `dst` (3 bytes a pixel, rows packed). `bounds`: per output column its first
  ;; input column and tap count (two i32); `kk`: `ksize` i32 weights per output column.
  (func (export "horizontal")
    (param $src i32) (param $srcStride i32) (param $rows i32) (param $x0 i32) (param $x1 i32)
    (param $bounds i32) (param $kk i32) (param $ksize i32) (param $dst i32)
    (local $y i32) (local $row i32) (local $xx i32) (local $p i32) (local $k i32) (local $end i32)
    (local $acc v128) (local $px v128) (local $c v128)
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $rows)))
        (local.set $row (i32.add (local.get $src) (i32.mul (local.get $y) (local.get $srcStride))))
        (local.set $xx (local.get $x0))
        (block $colsDone
          (loop $colLoop
            (br_if $colsDone (i32.ge_u (local.get $xx) (local.get $x1)))
            ;; p = row + xmin * 3; k = kk + xx * ksize * 4; end = k + n * 4
            (local.set $p (i32.add (local.get $row)
              (i32.mul (i32.load (i32.add (local.get $bounds) (i32.shl (local.get $xx) (i32.const 3)))) (i32.const 3))))
            (local.set $k (i32.add (local.get $kk) (i32.shl (i32.mul (local.get $xx) (local.get $ksize)) (i32.const 2))))
            (local.set $end (i32.add (local.get $k)
              (i32.shl (i32.load offset=4 (i32.add (local.get $bounds) (i32.shl (local.get $xx) (i32.const 3)))) (i32.const 2))))
            (local.set $acc (v128.const i32x4 2097152 2097152 2097152 2097152))
            (block $tapsDone
              (loop $tapLoop
                (br_if $tapsDone (i32.ge_u (local.get $k) (local.get $end)))
                ;; R, G, B (and the next pixel's R, unused) widened to four i32 lanes
                (local.set $px (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero (local.get $p)))))
                (local.set $acc (i32x4.add (local.get $acc)
                  (i32x4.mul (local.get $px) (i32x4.splat (i32.load (local.get $k))))))
                (local.set $p (i32.add (local.get $p) (i32.const 3)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $tapLoop)))
            (local.set $c (call $clip (local.get $acc)))
            (local.set $c (i16x8.narrow_i32x4_s (local.get $c) (local.get $c)))
            (v128.store32_lane 0 (local.get $dst) (i8x16.narrow_i16x8_u (local.get $c) (local.get $c)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 3)))
            (local.set $xx (i32.add (local.get $xx) (i32.const 1)))
            (br $colLoop)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rowLoop))))

  ;; Vertical pass: output rows [y0, y1) of `stride` bytes each into `dst` (packed), from `src`
  ;; whose first row is input row `r0`. `bounds`: per output row its first input row and tap count;
  ;; `kk`: `ksize` i32 weights per output row. Sixteen bytes (any channels) at a time.
  (func (export "vertical")
    (param $src i32) (param $stride i32) (param $y0 i32) (param $y1 i32) (param $r0 i32)
    (param $bounds i32) (param $kk i32) (param $ksize i32) (param $dst i32)
    (local $yy i32) (local $first i32) (local $k0 i32) (local $kend i32) (local $x i32) (local $p i32) (local $k i32)
    (local $v v128) (local $lo v128) (local $hi v128) (local $w v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $yy (local.get $y0))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $yy) (local.get $y1)))
        (local.set $first (i32.add (local.get $src)
          (i32.mul (i32.sub (i32.load (i32.add (local.get $bounds) (i32.shl (local.get $yy) (i32.const 3)))) (local.get $r0))
            (local.get $stride))))
        (local.set $k0 (i32.add (local.get $kk) (i32.shl (i32.mul (local.get $yy) (local.get $ksize)) (i32.const 2))))
        (local.set $kend (i32.add (local.get $k0)
          (i32.shl (i32.load offset=4 (i32.add (local.get $bounds) (i32.shl (local.get $yy) (i32.const 3)))) (i32.const 2))))
        (local.set $x (i32.const 0))
        (block $chunksDone
          (loop $chunkLoop
            (br_if $chunksDone (i32.ge_u (local.get $x) (local.get $stride)))
            (local.set $a0 (v128.const i32x4 2097152 2097152 2097152 2097152))
            (local.set $a1 (local.get $a0))
            (local.set $a2 (local.get $a0))
            (local.set $a3 (local.get $a0))
            (local.set $p (i32.add (local.get $first) (local.get $x)))
            (local.set $k (local.get $k0))
            (block $tapsDone
              (loop $tapLoop
                (br_if $tapsDone (i32.ge_u (local.get $k) (local.get $kend)))
                (local.set $w (i32x4.splat (i32.load (local.get $k))))
                (local.set $v (v128.load (local.get $p)))
                (local.set $lo (i16x8.extend_low_i8x16_u (local.get $v)))
                (local.set $hi (i16x8.extend_high_i8x16_u (local.get $v)))
                (local.set $a0 (i32x4.add (local.get $a0) (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $lo)) (local.get $w))))
                (local.set $a1 (i32x4.add (local.get $a1) (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $lo)) (local.get $w))))
                (local.set $a2 (i32x4.add (local.get $a2) (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $hi)) (local.get $w))))
                (local.set $a3 (i32x4.add (local.get $a3) (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $hi)) (local.get $w))))
                (local.set $p (i32.add (local.get $p) (local.get $stride)))
                (local.set $k (i32.add (local.get $k) (i32.const 4)))
                (br $tapLoop)))
            (v128.store (i32.add (local.get $dst) (local.get $x))
              (i8x16.narrow_i16x8_u
                (i16x8.narrow_i32x4_s (call $clip (local.get $a0)) (call $clip (local.get $a1)))
                (i16x8.narrow_i32x4_s (call $clip (local.get $a2)) (call $clip (local.get $a3)))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (br $chunkLoop)))
        (local.set $dst (i32.add (local.get $dst) (local.get $stride)))
        (local.set $yy (i32.add (local.get $yy) (i32.const 1)))
        (br $rowLoop)))))
