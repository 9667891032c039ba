package reports

// compute runs the engine on a loaded input: the one place the stored
// runs call into the computation.
func compute(in Input, p Params) (Report, error) { return Compute(in, p) }
