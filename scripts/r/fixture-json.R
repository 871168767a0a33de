# JSON writing for the fixture scripts (sourced by make-stats-fixtures.R and make-stratified-fixtures.R): numbers
# with 17 significant digits, NA as null, infinities as strings; `out` is the fixtures folder the caller set.
num <- function(x) ifelse(is.na(x), "null", ifelse(is.infinite(x), ifelse(x > 0, "\"Infinity\"", "\"-Infinity\""), sprintf("%.17g", x)))
row_json <- function(lst) paste0("{", paste(sprintf("\"%s\":%s", names(lst), vapply(lst, function(v) {
  if (is.character(v)) sprintf("\"%s\"", v) else if (length(v) == 1) num(v) else paste0("[", paste(num(v), collapse = ","), "]")
}, "")), collapse = ","), "}")
write_rows <- function(rows, file) writeLines(c("[", paste(vapply(rows, row_json, ""), collapse = ",\n"), "]"), file.path(out, file))
