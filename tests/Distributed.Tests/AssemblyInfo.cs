// Each test runs its own cluster of silos with real recognizers; side by side they would only fight for 2 cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
