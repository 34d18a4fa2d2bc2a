//go:build goexperiment.simd

#include "textflag.h"

// The vector kernels of kernels_simd_wasm.go, in WebAssembly. Go's own
// WebAssembly sends every jump of a loop through a dispatch table at the
// top of the function; these loops are WebAssembly's loop and br_if.
// Each lane is multiplied, rounded, added and rounded in the scalar
// code's order (f64x2.mul then f64x2.add; there is no fused multiply-add),
// so the bits are the scalar kernels' (TestKernelsAgree).
//
// Registers: R0–R15 are i64 locals, V0–V15 v128 locals. Loads and stores
// take an i32 address, hence the I32WrapI64s.

// ZERO5 sets the five running sums V0–V4 (ten columns) to +0.
#define ZERO5 \
	I64Const $0; I64x2Splat; Tee V0; Tee V1; Tee V2; Tee V3; Set V4

// ACC(V, OFF) adds V5·m[R12+OFF : R12+OFF+16] to V.
#define ACC(V, OFF) \
	Get V; Get V5; Get R12; I32WrapI64; V128Load $OFF; F64x2Mul; F64x2Add; Set V

// ACC5 adds V5 times the ten columns at address R12 to V0–V4.
#define ACC5 \
	ACC(V0, 0); ACC(V1, 16); ACC(V2, 32); ACC(V3, 48); ACC(V4, 64)

// STORE5 writes V0–V4 to the ten columns at address R0.
#define STORE5 \
	Get R0; I32WrapI64; Get V0; V128Store $0; \
	Get R0; I32WrapI64; I32Const $16; I32Add; Get V1; V128Store $0; \
	Get R0; I32WrapI64; I32Const $32; I32Add; Get V2; V128Store $0; \
	Get R0; I32WrapI64; I32Const $48; I32Add; Get V3; V128Store $0; \
	Get R0; I32WrapI64; I32Const $64; I32Add; Get V4; V128Store $0

// REFUSE(AT) returns false: the kernel's bool result is at ret+AT(FP).
#define REFUSE(AT) \
	MOVB $0, ret+AT(FP); RET

// EXPKERNEL(NEG, OUT) is the body of sigmoidPairs and expPairs (their
// arguments dst, src, pairs, k; their result the pairs done): EXPLOOP, below.
#define EXPKERNEL(NEG, OUT) \
	MOVD dst+0(FP), R0; MOVD src+8(FP), R1; MOVD pairs+16(FP), R2; MOVD k+24(FP), R4; \
	EXPLOOP(NEG, OUT); \
	MOVD R3, ret+32(FP); RET

// CHECKROWS(LOAD, SIZE, AT) returns false (REFUSE(AT)) if any of the R5
// rows at R3 (each read by LOAD, SIZE bytes apart) is above R7 as an
// unsigned number.
#define CHECKROWS(LOAD, SIZE, AT) \
	Get R3; Set R8; Get R5; Set R9; \
	Block; Loop; \
		Get R9; I64Eqz; BrIf $1; \
		Get R8; I32WrapI64; LOAD $0; Get R7; I64GtU; \
		If; REFUSE(AT); End; \
		Get R8; I64Const $SIZE; I64Add; Set R8; \
		Get R9; I64Const $1; I64Sub; Set R9; \
		Br $0; \
	End; End

// NEXTBLOCK moves dst (R0) and the matrix's block (R10) on ten columns
// and counts the block (R6) down.
#define NEXTBLOCK \
	Get R0; I64Const $80; I64Add; Set R0; \
	Get R10; I64Const $80; I64Add; Set R10; \
	Get R6; I64Const $1; I64Sub; Set R6

// COMB(ROW, RSTEP, COEF, CSTEP) is the loop of combRows10 and combPixels10:
// for each of the R6 blocks of ten columns (R10: the block's first column
// of m, R0: of dst), the R5 rows from R8 = R3 (ROW loads one, RSTEP bytes
// apart) times their coefficients from R9 = R4 (COEF pushes one as an
// f64, CSTEP bytes apart), into V0–V4. R2 is the stride in elements.
#define COMB(ROW, RSTEP, COEF, CSTEP) \
	Get R2; I64Const $3; I64Shl; Set R2; \
	Get R1; Set R10; \
	Block; Loop; \
		Get R6; I64Eqz; BrIf $1; \
		ZERO5; \
		Get R3; Set R8; Get R4; Set R9; Get R5; Set R11; \
		Loop; \
			Get R8; I32WrapI64; ROW $0; Get R2; I64Mul; Get R10; I64Add; Set R12; \
			COEF; F64x2Splat; Set V5; \
			ACC5; \
			Get R8; I64Const $RSTEP; I64Add; Set R8; \
			Get R9; I64Const $CSTEP; I64Add; Set R9; \
			Get R11; I64Const $1; I64Sub; Tee R11; I64Const $0; I64Ne; BrIf $0; \
		End; \
		STORE5; \
		NEXTBLOCK; \
		Br $0; \
	End; End

// COEF_F64 pushes the coefficient at R9; COEF_BYTE pushes the table R14's
// entry for the byte at R9.
#define COEF_F64 \
	Get R9; I32WrapI64; F64Load $0
#define COEF_BYTE \
	Get R9; I32WrapI64; I64Load8U $0; I64Const $3; I64Shl; Get R14; I64Add; I32WrapI64; F64Load $0

// func combRows10(dst, m *float64, stride int, rows *int32, coef *float64, nrows, nblocks, maxRow int) bool
//
// For b < nblocks and i < 10: dst[10b+i] = Σ_k coef[k]·m[rows[k]·stride+10b+i],
// summed in ascending k from +0. nrows ≥ 1. It reports false, writing
// nothing, if a row is outside 0..maxRow.
TEXT ·combRows10(SB), NOSPLIT, $0-65
	MOVD dst+0(FP), R0
	MOVD m+8(FP), R1
	MOVD stride+16(FP), R2
	MOVD rows+24(FP), R3
	MOVD coef+32(FP), R4
	MOVD nrows+40(FP), R5
	MOVD nblocks+48(FP), R6
	MOVD maxRow+56(FP), R7
	CHECKROWS(I64Load32U, 4, 64)
	COMB(I64Load32U, 4, COEF_F64, 8)
	MOVB $1, ret+64(FP)
	RET

// func combPixels10(dst, m *float64, stride int, pix *uint16, val *uint8, scale *float64, npix, nblocks, maxRow int) bool
//
// combRows10 with rows pix[k] and coefficients scale[val[k]]: an image's
// non-zero pixels as the dataset keeps them.
TEXT ·combPixels10(SB), NOSPLIT, $0-73
	MOVD dst+0(FP), R0
	MOVD m+8(FP), R1
	MOVD stride+16(FP), R2
	MOVD pix+24(FP), R3
	MOVD val+32(FP), R4
	MOVD scale+40(FP), R14
	MOVD npix+48(FP), R5
	MOVD nblocks+56(FP), R6
	MOVD maxRow+64(FP), R7
	CHECKROWS(I64Load16U, 2, 72)
	COMB(I64Load16U, 2, COEF_BYTE, 1)
	MOVB $1, ret+72(FP)
	RET

// NEXTPAIR moves the pair loops' two pointers (R0, R1) on one pair and
// counts the pairs left (R2) down.
#define NEXTPAIR \
	Get R0; I64Const $16; I64Add; Set R0; \
	Get R1; I64Const $16; I64Add; Set R1; \
	Get R2; I64Const $1; I64Sub; Set R2

// RULE(LR, LAMBDA, VLR, VLAMBDA, NZ) reads an SGD update's lr and λ (the
// arguments at LR and LAMBDA) into both lanes of VLR and VLAMBDA, and sets
// NZ non-zero when λ ≠ 0 (±0 are the bits with all but the sign clear).
#define RULE(LR, LAMBDA, VLR, VLAMBDA, NZ) \
	F64Load lr+LR(FP); F64x2Splat; Set VLR; \
	F64Load lambda+LAMBDA(FP); F64x2Splat; Set VLAMBDA; \
	I64Load lambda+LAMBDA(FP); I64Const $1; I64Shl; Set NZ

// func updatePairs(w, grad *float64, pairs int, lr, lambda float64)
//
// For i < 2·pairs: w[i] ← w[i] − lr·(grad[i] + λ·w[i]), the λ term left out
// when λ is 0, as update does.
TEXT ·updatePairs(SB), NOSPLIT, $0-40
	MOVD w+0(FP), R0
	MOVD grad+8(FP), R1
	MOVD pairs+16(FP), R2
	RULE(24, 32, V0, V1, R3)
	Block
		Loop
			Get R2
			I64Eqz
			BrIf $1
			// V2 = grad[i:i+2] (+ λ·w[i:i+2])
			Get R1
			I32WrapI64
			V128Load $0
			Set V2
			Get R3
			I64Eqz
			I32Eqz
			If
				Get V2
				Get V1
				Get R0
				I32WrapI64
				V128Load $0
				F64x2Mul
				F64x2Add
				Set V2
			End
			Get R0
			I32WrapI64
			Get R0
			I32WrapI64
			V128Load $0
			Get V0
			Get V2
			F64x2Mul
			F64x2Sub
			V128Store $0
			NEXTPAIR
			Br $0
		End
	End
	RET

// K(OFF) pushes the pair of constants at OFF in the table at R4.
#define K(OFF) \
	Get R4; I32WrapI64; V128Load $OFF

// HORNER(OFF) sets V4 ← V4·V3 + K(OFF).
#define HORNER(OFF) \
	Get V4; Get V3; F64x2Mul; K(OFF); F64x2Add; Set V4

// EXPY sets V4 and V2 to p and k, e^y = p·2^k, for the pair y in V1:
// k = ⌊y·log2e + 0.5⌋; r = (y − k·ln2Hi) − k·ln2Lo; p = Σ rⁿ/n!, n = 0..13,
// by Horner. These are Exp's operations, lane by lane.
#define EXPY \
	Get V1; K(0); F64x2Mul; K(16); F64x2Add; F64x2Floor; Set V2; \
	Get V1; Get V2; K(32); F64x2Mul; F64x2Sub; Get V2; K(48); F64x2Mul; F64x2Sub; Set V3; \
	K(64); Set V4; \
	HORNER(80); HORNER(96); HORNER(112); HORNER(128); HORNER(144); HORNER(160); \
	HORNER(176); HORNER(192); HORNER(208); HORNER(224); HORNER(240); HORNER(256); HORNER(272)

// POW2K pushes 2^k for the pair k in V2, built from k's bits.
#define POW2K \
	Get V2; I32x4TruncSatF64x2SZero; I64x2ExtendLowI32x4S; \
	I64Const $1023; I64x2Splat; I64x2Add; I32Const $52; I64x2Shl

// EXPLOOP(NEG, OUT) is the loop of sigmoidPairs and expPairs: for each of
// the R2 pairs x at R1 (R0: where its result goes) while both have
// |x| ≤ 700 (where Exp takes neither of its edge cases nor scale2 its
// two-step one): y = x, negated by NEG, then e^y = p·2^k (EXPY), which
// OUT stores at R0. R3 counts the pairs done.
#define EXPLOOP(NEG, OUT) \
	I64Const $0; Set R3; \
	Block; Loop; \
		Get R2; I64Eqz; BrIf $1; \
		Get R1; I32WrapI64; V128Load $0; Tee V0; \
		F64x2Abs; K(288); F64x2Le; I64x2AllTrue; I32Eqz; BrIf $1; \
		Get V0; NEG; Set V1; \
		EXPY; \
		OUT; \
		Get R3; I64Const $1; I64Add; Set R3; \
		NEXTPAIR; \
		Br $0; \
	End; End

// SIGMOIDOUT stores 1/(1 + p·2^k); EXPOUT stores p·2^k.
#define SIGMOIDOUT \
	Get R0; I32WrapI64; K(304); K(304); Get V4; POW2K; F64x2Mul; F64x2Add; F64x2Div; V128Store $0
#define EXPOUT \
	Get R0; I32WrapI64; Get V4; POW2K; F64x2Mul; V128Store $0

// func sigmoidPairs(dst, src *float64, pairs int, k *[20][2]float64) int
//
// For i < 2·pairs: dst[i] = Sigmoid(src[i]) = 1/(1 + e^−src[i]). It returns
// the number of pairs done: fewer than pairs at a pair that is NaN or
// beyond 700, which the caller then computes alone.
TEXT ·sigmoidPairs(SB), NOSPLIT, $0-40
	EXPKERNEL(F64x2Neg, SIGMOIDOUT)

// func expPairs(dst, src *float64, pairs int, k *[20][2]float64) int
//
// For i < 2·pairs: dst[i] = Exp(src[i]), as sigmoidPairs (dst may be src).
TEXT ·expPairs(SB), NOSPLIT, $0-40
	EXPKERNEL(Nop, EXPOUT)

// func reluPairs(dst, src *float64, pairs int)
//
// For i < 2·pairs: dst[i] = src[i], or +0 where src[i] ≤ 0 (so NaN stays
// NaN and −0 becomes +0, as activationForward does).
TEXT ·reluPairs(SB), NOSPLIT, $0-24
	MOVD dst+0(FP), R0
	MOVD src+8(FP), R1
	MOVD pairs+16(FP), R2
	I64Const $0
	I64x2Splat
	Set V1
	Block
		Loop
			Get R2
			I64Eqz
			BrIf $1
			Get R0
			I32WrapI64
			Get R1
			I32WrapI64
			V128Load $0
			Tee V0
			Get V0
			Get V1
			F64x2Le
			V128Andnot
			V128Store $0
			NEXTPAIR
			Br $0
		End
	End
	RET

// func groupPixels(start *int32, pix *uint16, val *uint8, nzStart *int32, nnz, dim int, img *int32, fval, scale *float64) bool
//
// groupByPixel's counting sort over a batch's nnz non-zero inputs (pix,
// val; image i's are nzStart[i]:nzStart[i+1], nzStart ending at nnz):
// start (dim+2 zeros) counts each pixel's inputs at start[p+2] and is
// summed into offsets; each input then goes, in order, to its pixel's next
// place: img[at] = its image, fval[at] = scale[its value]. Every input is
// placed once, so every place is below nnz. It reports false, having
// placed nothing, if a pixel is not below dim.
TEXT ·groupPixels(SB), NOSPLIT, $0-73
	MOVD start+0(FP), R0
	MOVD pix+8(FP), R1
	MOVD val+16(FP), R2
	MOVD nzStart+24(FP), R3
	MOVD nnz+32(FP), R5
	MOVD dim+40(FP), R6
	MOVD img+48(FP), R7
	MOVD fval+56(FP), R8
	MOVD scale+64(FP), R9

	// Count: start[p+2]++.
	I64Const $0
	Set R10
	Block
		Loop
			Get R10
			Get R5
			I64GeU
			BrIf $1
			Get R1
			Get R10
			I64Const $1
			I64Shl
			I64Add
			I32WrapI64
			I64Load16U $0
			Tee R11
			Get R6
			I64GeU
			If
				REFUSE(72)
			End
			Get R11
			I64Const $2
			I64Shl
			Get R0
			I64Add
			I64Const $8
			I64Add
			Tee R12
			I32WrapI64
			Get R12
			I32WrapI64
			I64Load32U $0
			I64Const $1
			I64Add
			I64Store32 $0
			Get R10
			I64Const $1
			I64Add
			Set R10
			Br $0
		End
	End

	// Offsets: start[p] += start[p−1] for p in 2..dim+1.
	Get R0
	I64Const $8
	I64Add
	Set R12 // &start[p]
	Get R6
	Set R10 // dim entries to go
	Block
		Loop
			Get R10
			I64Eqz
			BrIf $1
			Get R12
			I32WrapI64
			Get R12
			I32WrapI64
			I64Load32U $0
			Get R12
			I32WrapI64
			I32Const $4
			I32Sub
			I64Load32U $0
			I64Add
			I64Store32 $0
			Get R12
			I64Const $4
			I64Add
			Set R12
			Get R10
			I64Const $1
			I64Sub
			Set R10
			Br $0
		End
	End

	// Place input k of image R14 (R15 = where image R14+1 begins).
	I64Const $0
	Set R10
	I64Const $0
	Set R14
	Get R3
	I32WrapI64
	I64Load32U $4
	Set R15
	Block
		Loop
			Get R10
			Get R5
			I64GeU
			BrIf $1
			Block
				Loop
					Get R10
					Get R15
					I64LtU
					BrIf $1
					Get R14
					I64Const $1
					I64Add
					Tee R14
					I64Const $2
					I64Shl
					Get R3
					I64Add
					I32WrapI64
					I64Load32U $4
					Set R15
					Br $0
				End
			End
			// R12 = &start[pix[k]+1], R13 = at
			Get R1
			Get R10
			I64Const $1
			I64Shl
			I64Add
			I32WrapI64
			I64Load16U $0
			I64Const $2
			I64Shl
			Get R0
			I64Add
			I64Const $4
			I64Add
			Tee R12
			I32WrapI64
			I64Load32U $0
			Set R13
			Get R12
			I32WrapI64
			Get R13
			I64Const $1
			I64Add
			I64Store32 $0
			// img[at] = image, fval[at] = scale[val[k]]
			Get R7
			Get R13
			I64Const $2
			I64Shl
			I64Add
			I32WrapI64
			Get R14
			I64Store32 $0
			Get R8
			Get R13
			I64Const $3
			I64Shl
			I64Add
			I32WrapI64
			Get R9
			Get R2
			Get R10
			I64Add
			I32WrapI64
			I64Load8U $0
			I64Const $3
			I64Shl
			I64Add
			I32WrapI64
			F64Load $0
			F64Store $0
			Get R10
			I64Const $1
			I64Add
			Set R10
			Br $0
		End
	End
	MOVB $1, ret+72(FP)
	RET

// UPD(V, OFF) applies the SGD update to the two weights at R12+OFF with
// their gradient in V: d = V (+ λ·w when R13, λ ≠ 0), w ← w − lr·d (V6 =
// lr, V7 = λ), as update does.
#define UPD(V, OFF) \
	Get R13; I64Eqz; I32Eqz; \
	If; Get V; Get V7; Get R12; I32WrapI64; I32Const $OFF; I32Add; V128Load $0; F64x2Mul; F64x2Add; Set V; End; \
	Get R12; I32WrapI64; I32Const $OFF; I32Add; \
	Get R12; I32WrapI64; I32Const $OFF; I32Add; V128Load $0; Get V6; Get V; F64x2Mul; F64x2Sub; V128Store $0

// func sgdW1(w1, dA1 *float64, hidden int, start, img *int32, val *float64, dim, nnz, nrows int, lr, lambda float64, touched *bool) bool
//
// sgdStep's ∂L/∂W1 and its update in one pass: for each pixel p with
// inputs (start[p] < start[p+1]), its row of the gradient,
// g[j] = Σ_k val[k]·dA1[img[k]·hidden+j] over k in start[p]:start[p+1]
// (as combRows sums it), ten columns at a time, applied to W1's row p at
// once, and touched[p] set when λ ≠ 0. hidden is a multiple of ten. It
// reports false if an image is not below nrows (checked before anything
// is written) or a pixel's range is not inside 0..nnz (checked before
// that pixel's row is written).
TEXT ·sgdW1(SB), NOSPLIT, $0-97
	MOVD img+32(FP), R3
	MOVD nnz+56(FP), R5
	MOVD nrows+64(FP), R7
	Get R7
	I64Const $1
	I64Sub
	Set R7
	CHECKROWS(I64Load32U, 4, 96)

	MOVD w1+0(FP), R0
	MOVD dA1+8(FP), R1
	MOVD hidden+16(FP), R2
	MOVD start+24(FP), R3
	MOVD img+32(FP), R4
	MOVD val+40(FP), R5
	MOVD dim+48(FP), R6
	MOVD nnz+56(FP), R7
	MOVD touched+88(FP), R9
	RULE(72, 80, V6, V7, R13)
	Get R2
	I64Const $3
	I64Shl
	Set R2 // a row's bytes

	Block
		Loop
			Get R6
			I64Eqz
			BrIf $1
			// R10 = start[p], R11 = start[p+1]; refuse a range outside 0..nnz
			Get R3
			I32WrapI64
			I64Load32U $0
			Set R10
			Get R3
			I32WrapI64
			I32Const $4
			I32Add
			I64Load32U $0
			Tee R11
			Get R7
			I64GtU
			Get R10
			Get R11
			I64GtU
			I32Or
			If
				REFUSE(96)
			End
			Get R10
			Get R11
			I64Ne
			If
				// R11 = &img[start[p+1]]: where the inputs end
				Get R4
				Get R11
				I64Const $2
				I64Shl
				I64Add
				Set R11
				I64Const $0
				Set R14 // the block's first column, in bytes
				Block
					Loop
						Get R14
						Get R2
						I64GeU
						BrIf $1
						ZERO5
						// R8 = &img[k], R15 = &val[k] from k = start[p]
						Get R4
						Get R10
						I64Const $2
						I64Shl
						I64Add
						Set R8
						Get R5
						Get R10
						I64Const $3
						I64Shl
						I64Add
						Set R15
						Loop
							// R12 = &dA1[img[k]·hidden] + the block, V5 = val[k] twice
							Get R8
							I32WrapI64
							I64Load32U $0
							Get R2
							I64Mul
							Get R1
							I64Add
							Get R14
							I64Add
							Set R12
							Get R15
							I32WrapI64
							F64Load $0
							F64x2Splat
							Set V5
							ACC5
							Get R15
							I64Const $8
							I64Add
							Set R15
							Get R8
							I64Const $4
							I64Add
							Tee R8
							Get R11
							I64Ne
							BrIf $0
						End
						// R12 = &W1[p][block]: the update
						Get R0
						Get R14
						I64Add
						Set R12
						UPD(V0, 0); UPD(V1, 16); UPD(V2, 32); UPD(V3, 48); UPD(V4, 64)
						Get R14
						I64Const $80
						I64Add
						Set R14
						Br $0
					End
				End
				Get R13
				I64Eqz
				I32Eqz
				If
					Get R9
					I32WrapI64
					I32Const $1
					I32Store8 $0
				End
			End
			// the next pixel
			Get R0
			Get R2
			I64Add
			Set R0
			Get R3
			I64Const $4
			I64Add
			Set R3
			Get R9
			I64Const $1
			I64Add
			Set R9
			Get R6
			I64Const $1
			I64Sub
			Set R6
			Br $0
		End
	End
	MOVB $1, ret+96(FP)
	RET

// func prefixGaps(dst *uint16, gaps *uint8, n int)
//
// dst[k] = Σ_{j≤k} gaps[j] − 1 for k < n: Dataset's one-byte gaps back to
// pixel positions (n ≥ 0; positions fit a uint16).
TEXT ·prefixGaps(SB), NOSPLIT, $0-24
	MOVD dst+0(FP), R0
	MOVD gaps+8(FP), R1
	MOVD n+16(FP), R2
	I64Const $-1; Set R3
	Block; Loop
		Get R2; I64Eqz; BrIf $1
		Get R3; Get R1; I32WrapI64; I64Load8U $0; I64Add; Set R3
		Get R0; I32WrapI64; Get R3; I64Store16 $0
		Get R1; I64Const $1; I64Add; Set R1
		Get R0; I64Const $2; I64Add; Set R0
		Get R2; I64Const $1; I64Sub; Set R2
		Br $0
	End; End
	RET
