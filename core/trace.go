package core

// TraceStrokes turns a 28×28 MNIST image (0 background … 255 ink) into pen
// paths, as if someone had drawn it: the ink is thresholded, thinned to
// its one-pixel skeleton (Zhang and Suen's thinning), and the skeleton is
// followed into strokes, each from an end or a junction to the next.
// Rendered again with RenderStrokes, a traced digit is what the drawing
// pad would make of a reader drawing that digit, so the accuracy of traced
// test digits against the raw ones measures what the pad's pipeline loses
// (TestTracedDigits). The paths are in pixel units, x right and y down.
func TraceStrokes(img []byte) [][]Point { return traceStrokes(img, traceThreshold) }

// traceThreshold is the intensity from which a pixel is ink for tracing.
const traceThreshold = 128

func traceStrokes(img []byte, threshold byte) [][]Point {
	const n = digitSide
	on := make([]bool, n*n)
	for i, v := range img {
		on[i] = v >= threshold
	}
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
