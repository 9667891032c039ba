package hsds

import (
	"fmt"
	"testing"

	"github.com/haven-project/haven/mapping"
)

// BenchmarkView10k builds the HSDS view of 10,000 providers and renders
// one page of services, as each /hsds request does.
//
//	go test ./mapping/hsds/ -run '^$' -bench View10k
func BenchmarkView10k(b *testing.B) {
	ps := mapping.SyntheticProviders(10_000, 7)
	for i := range ps {
		ps[i].ID = fmt.Sprintf("p%06d", i)
		ps[i].Locations[0].ID = fmt.Sprintf("l%06d", i)
		for j := range ps[i].Services {
			ps[i].Services[j].ID = fmt.Sprintf("s%06d-%d", i, j)
		}
	}
	b.ResetTimer()
	for range b.N {
		v := &View{d: buildDataset(ps, nil)}
		if _, err := v.Services(ListQuery{Page: 3}); err != nil {
			b.Fatal(err)
		}
	}
}
