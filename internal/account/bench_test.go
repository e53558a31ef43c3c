package account_test

import (
	"testing"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/config"
)

// BenchmarkHasherVerify measures one password check, the cost that dominates
// a sign-in. "default" uses the production cost from config.Default(); "test"
// is the cheap cost apptest uses, for reference.
func BenchmarkHasherVerify(b *testing.B) {
	def := config.Default().Accounts
	cases := []struct {
		name   string
		hasher account.Hasher
	}{
		{"default", account.Hasher{MemoryKiB: uint32(def.PasswordHashMemoryKiB), Iterations: uint32(def.PasswordHashIterations), Threads: 1}},
		{"test", account.Hasher{MemoryKiB: 1024, Iterations: 1, Threads: 1}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			encoded, err := tc.hasher.Hash("Passw0rd!")
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				ok, err := tc.hasher.Verify("Passw0rd!", encoded)
				if err != nil || !ok {
					b.Fatalf("Verify = %v, %v; want true, nil", ok, err)
				}
			}
		})
	}
}
