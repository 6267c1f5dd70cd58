"""Pure rules of the product: options, directives, jobs, errors, first-frame checks."""
