"""Reports of a review: the JSON document and thresholds (`document`), the HTML page (`html`, `svg`, `css`)."""
