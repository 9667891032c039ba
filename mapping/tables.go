package mapping

// Tables returns the row types this package stores, for the schema check.
func Tables() []any {
	return []any{&termRow{}, &termTranslationRow{}, &regionSetRow{}, &regionRow{},
		&providerRow{}, &locationRow{}, &locationRegionRow{}, &changeRow{}}
}
