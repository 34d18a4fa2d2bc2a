package core

import "math"

// TraceStrokes turns a 28×28 MNIST image (0 background … 255 ink) into pen
// paths, as if someone had drawn it: the image is enlarged traceUpsample
// times (bilinear), the ink thresholded, thinned to its one-pixel skeleton
// (Zhang and Suen's thinning), and the skeleton is followed into strokes,
// each from an end or a junction to the next; the paths are then scaled
// back to the 28×28 image. Thinning at 28×28 itself would put every path
// on whole pixels and bend diagonals into stairs, a loss of the tracer's,
// not of the pipeline's it measures. Rendered again with RenderStrokes, a
// traced digit is what the drawing pad would make of a reader drawing that
// digit with a pen of one width, so the accuracy of traced test digits
// against the raw ones measures what the pad's pipeline loses
// (TestTracedDigits). The paths are in pixel units, x right and y down.
func TraceStrokes(img []byte) [][]Point { return traceStrokes(img, traceThreshold, traceUpsample) }

// traceThreshold is the intensity from which a point is ink for tracing.
const traceThreshold = 128

// traceUpsample is how many times larger than 28×28 TraceStrokes thins.
const traceUpsample = 8

// traceIntensity is the 28×28 image's intensity at (x, y) in pixel units
// (pixel i's centre at i+0.5), bilinear between pixel centres and constant
// beyond the border's.
func traceIntensity(img []byte, x, y float64) float64 {
	at := func(i, j int) float64 {
		return float64(img[clampInt(j, 0, digitSide-1)*digitSide+clampInt(i, 0, digitSide-1)])
	}
	x, y = x-0.5, y-0.5
	i, j := int(math.Floor(x)), int(math.Floor(y))
	tx, ty := x-float64(i), y-float64(j)
	return (1-ty)*((1-tx)*at(i, j)+tx*at(i+1, j)) + ty*((1-tx)*at(i, j+1)+tx*at(i+1, j+1))
}

func traceStrokes(img []byte, threshold byte, up int) [][]Point {
	n := digitSide * up
	on := make([]bool, n*n)
	for y := range n {
		for x := range n {
			px, py := (float64(x)+0.5)/float64(up), (float64(y)+0.5)/float64(up)
			on[y*n+x] = traceIntensity(img, px, py) >= float64(threshold)
		}
	}
	strokes := followSkeleton(on, n)
	for k, s := range strokes {
		for i := range s {
			s[i].X /= float64(up)
			s[i].Y /= float64(up)
		}
		strokes[k] = simplifyPath(s, traceTolerance)
	}
	return strokes
}

// traceTolerance is how far, in pixels, a traced path may pass from the
// skeleton's pixels once simplified: an eighth of a pixel, the enlarged
// image's pixel, so the paths keep the skeleton's shape with a tenth of
// its points (a pen's path has a point every few pixels, not every
// skeleton pixel).
const traceTolerance = 1.0 / traceUpsample

// simplifyPath keeps the ends of path and, recursively, the point farthest
// from the chord between two kept points while it lies more than tol from
// it (Douglas and Peucker).
func simplifyPath(path []Point, tol float64) []Point {
	if len(path) < 3 {
		return path
	}
	keep := make([]bool, len(path))
	keep[0], keep[len(path)-1] = true, true
	var mark func(a, b int)
	mark = func(a, b int) {
		seg := [4]float64{path[a].X, path[a].Y, path[b].X, path[b].Y}
		far, farD := -1, tol*tol
		for i := a + 1; i < b; i++ {
			if d := segDist2(path[i].X, path[i].Y, seg); d > farD {
				far, farD = i, d
			}
		}
		if far >= 0 {
			keep[far] = true
			mark(a, far)
			mark(far, b)
		}
	}
	mark(0, len(path)-1)
	out := path[:0:0]
	for i, p := range path {
		if keep[i] {
			out = append(out, p)
		}
	}
	return out
}

// followSkeleton thins the n×n image on (in place) and follows its
// skeleton into paths through the pixels' centres, in pixel units.
func followSkeleton(on []bool, n int) [][]Point {
	thin(on, n)
	at := func(x, y int) bool { return x >= 0 && y >= 0 && x < n && y < n && on[y*n+x] }
	neighbours := func(x, y int) [][2]int {
		var out [][2]int
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				if (dx != 0 || dy != 0) && at(x+dx, y+dy) {
					out = append(out, [2]int{x + dx, y + dy})
				}
			}
		}
		return out
	}
	type edge struct{ a, b int }
	used := map[edge]bool{}
	key := func(a, b int) edge {
		if a > b {
			a, b = b, a
		}
		return edge{a, b}
	}
	var strokes [][]Point
	// walk follows unused skeleton edges from (x, y) until an end, a
	// junction or a visited edge.
	walk := func(x, y int) []Point {
		path := []Point{{float64(x) + 0.5, float64(y) + 0.5}}
		for {
			var next [2]int
			found := false
			for _, nb := range neighbours(x, y) {
				if !used[key(y*n+x, nb[1]*n+nb[0])] {
					next, found = nb, true
					break
				}
			}
			if !found {
				return path
			}
			used[key(y*n+x, next[1]*n+next[0])] = true
			x, y = next[0], next[1]
			path = append(path, Point{float64(x) + 0.5, float64(y) + 0.5})
			if len(neighbours(x, y)) > 2 { // a junction: a new stroke starts here
				return path
			}
		}
	}
	// Ends first, then junctions, then whatever is left (loops: an O).
	for pass := 0; pass < 3; pass++ {
		for y := range n {
			for x := range n {
				if !on[y*n+x] {
					continue
				}
				deg := len(neighbours(x, y))
				if (pass == 0 && deg > 1) || (pass == 1 && deg < 3) {
					continue
				}
				for {
					p := walk(x, y)
					if len(p) < 2 {
						if pass == 2 && deg == 0 {
							strokes = append(strokes, p) // a dot
						}
						break
					}
					strokes = append(strokes, p)
				}
			}
		}
	}
	return strokes
}

// thin thins the n×n image on to its skeleton, in place (Zhang and Suen,
// "A fast parallel algorithm for thinning digital patterns", 1984).
func thin(on []bool, n int) {
	at := func(x, y int) bool { return x >= 0 && y >= 0 && x < n && y < n && on[y*n+x] }
	for changed := true; changed; {
		changed = false
		for step := 0; step < 2; step++ {
			var del []int
			for y := range n {
				for x := range n {
					if !on[y*n+x] {
						continue
					}
					// P2 … P9 clockwise from north.
					p := [8]bool{at(x, y-1), at(x+1, y-1), at(x+1, y), at(x+1, y+1), at(x, y+1), at(x-1, y+1), at(x-1, y), at(x-1, y-1)}
					b, a := 0, 0
					for i := range 8 {
						if p[i] {
							b++
						}
						if !p[i] && p[(i+1)%8] {
							a++
						}
					}
					if b < 2 || b > 6 || a != 1 {
						continue
					}
					if step == 0 && (p[0] && p[2] && p[4] || p[2] && p[4] && p[6]) {
						continue
					}
					if step == 1 && (p[0] && p[2] && p[6] || p[0] && p[4] && p[6]) {
						continue
					}
					del = append(del, y*n+x)
				}
			}
			for _, i := range del {
				on[i] = false
			}
			changed = changed || len(del) > 0
		}
	}
}
