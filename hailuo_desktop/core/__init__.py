"""Pure rules of the product: options, camera directives, jobs, errors, first-frame checks. No Qt, no I/O."""
