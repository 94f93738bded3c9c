// The tests drive real recognizers on a 2-core machine; running collections side by side only adds noise.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
