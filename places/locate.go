package places

import (
	"math"

	"github.com/lotse-de/lotse/places/internal/gazfile"
)

// shape is the boundary of one place: rings of points in 1e-5 degrees
// (x = lon, y = lat), and their bounding box.
type shape struct {
	rings                  [][]int32
	minX, minY, maxX, maxY int32
}

func newShape(rings [][]int32) shape {
	s := shape{rings: rings, minX: math.MaxInt32, minY: math.MaxInt32, maxX: math.MinInt32, maxY: math.MinInt32}
	for _, r := range rings {
		for i := 0; i+1 < len(r); i += 2 {
			s.minX, s.maxX = min(s.minX, r[i]), max(s.maxX, r[i])
			s.minY, s.maxY = min(s.minY, r[i+1]), max(s.maxY, r[i+1])
		}
	}
	return s
}

// holds reports whether the point lies inside the shape (even-odd rule
// over all rings, so holes and enclaves count right).
func (s *shape) holds(x, y int32) bool {
	if x < s.minX || x > s.maxX || y < s.minY || y > s.maxY {
		return false
	}
	in := false
	for _, r := range s.rings {
		n := len(r) / 2
		for i, j := 0, n-1; i < n; j, i = i, i+1 {
			yi, yj := r[2*i+1], r[2*j+1]
			if (yi > y) == (yj > y) {
				continue
			}
			xi, xj := int64(r[2*i]), int64(r[2*j])
			lhs := (int64(x) - xi) * int64(yj-yi)
			rhs := int64(y-yi) * (xj - xi)
			if (yj > yi && lhs < rhs) || (yj < yi && lhs > rhs) {
				in = !in
			}
		}
	}
	return in
}

// cellSize is the edge of a grid cell in 1e-5 degrees (about 1.4 × 2.2 km).
const cellSize = 2000

// grid lists for each cell the places whose bounding boxes touch it.
type grid struct {
	minX, minY int32
	cols, rows int32
	start      []int32 // cell c holds ids[start[c]:start[c+1]]
	ids        []int32
}

func newGrid(shapes []shape) grid {
	g := grid{minX: math.MaxInt32, minY: math.MaxInt32}
	maxX, maxY := int32(math.MinInt32), int32(math.MinInt32)
	for _, s := range shapes {
		g.minX, g.minY = min(g.minX, s.minX), min(g.minY, s.minY)
		maxX, maxY = max(maxX, s.maxX), max(maxY, s.maxY)
	}
	if len(shapes) == 0 {
		return grid{}
	}
	g.cols = (maxX-g.minX)/cellSize + 1
	g.rows = (maxY-g.minY)/cellSize + 1
	counts := make([]int32, g.cols*g.rows+1)
	each := func(s shape, fn func(c int32)) {
		for r := (s.minY - g.minY) / cellSize; r <= (s.maxY-g.minY)/cellSize; r++ {
			for c := (s.minX - g.minX) / cellSize; c <= (s.maxX-g.minX)/cellSize; c++ {
				fn(r*g.cols + c)
			}
		}
	}
	for _, s := range shapes {
		each(s, func(c int32) { counts[c+1]++ })
	}
	for c := 1; c < len(counts); c++ {
		counts[c] += counts[c-1]
	}
	g.start = counts
	g.ids = make([]int32, counts[len(counts)-1])
	fill := make([]int32, g.cols*g.rows)
	for i, s := range shapes {
		each(s, func(c int32) {
			g.ids[g.start[c]+fill[c]] = int32(i)
			fill[c]++
		})
	}
	return g
}

// cell returns the places whose boxes touch the point's cell.
func (g *grid) cell(x, y int32) []int32 {
	if g.cols == 0 || x < g.minX || y < g.minY {
		return nil
	}
	c, r := (x-g.minX)/cellSize, (y-g.minY)/cellSize
	if c >= g.cols || r >= g.rows {
		return nil
	}
	k := r*g.cols + c
	return g.ids[g.start[k]:g.start[k+1]]
}

// Locate returns the place whose boundary holds the point (WGS84 degrees).
// It reports false outside Germany, at sea and on the lakes that belong
// to no municipality, and for coordinates that are not numbers.
func (g *Gazetteer) Locate(lat, lon float64) (Place, bool) {
	if !(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) {
		return Place{}, false
	}
	x, y := int32(math.Round(lon*gazfile.Scale)), int32(math.Round(lat*gazfile.Scale))
	for _, i := range g.grid.cell(x, y) {
		if g.shapes[i].holds(x, y) {
			return g.place(i), true
		}
	}
	return Place{}, false
}
