# Reference values for Evenhand's stratified tests (several sites), computed with base R.
# Run from the repository root:  Rscript scripts/r/make-stratified-fixtures.R
# Writes harness/stats/fixtures/stratified-tests.json, stratified-logit.csv and stratified-logit.json.
# R is not needed at test time.
#   - Cochran-Mantel-Haenszel (2 x 2 x K, with and without continuity correction; the Mantel-Haenszel common odds
#     ratio and its Robins-Breslow-Greenland interval) and its generalisation to I x J x K: stats::mantelhaen.test.
#   - Breslow-Day test of a common odds ratio, with Tarone's correction: not in base R, so written out here from
#     Breslow & Day (1980) eq. 4.30 and Tarone (1985), independently of the TypeScript code.
#   - Logistic regression with a site term and a group x site interaction, cluster-robust by volunteer: glm with the
#     sandwich covariance G/(G-1) B M B written out (as sandwich::vcovCL(type = "HC0") computes it).
out <- "harness/stats/fixtures"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

source("scripts/r/fixture-json.R")

breslow_day <- function(x) {
  # x: 2 x 2 x K array; strata with an empty margin carry no information and are left out
  keep <- apply(x, 3, function(t) all(rowSums(t) > 0) && all(colSums(t) > 0))
  x <- x[, , keep, drop = FALSE]
  K <- dim(x)[3]
  n <- apply(x, 3, sum)
  or <- sum(x[1, 1, ] * x[2, 2, ] / n) / sum(x[1, 2, ] * x[2, 1, ] / n)
  stat <- 0; sa <- 0; se <- 0; sv <- 0
  for (k in 1:K) {
    a <- x[1, 1, k]; r1 <- sum(x[1, , k]); r2 <- sum(x[2, , k]); c1 <- sum(x[, 1, k])
    lo <- max(0, c1 - r2); hi <- min(r1, c1)
    # expected a under the common odds ratio: the root of a(r2 - c1 + a) = or (r1 - a)(c1 - a) inside [lo, hi]
    f <- function(e) e * (r2 - c1 + e) - or * (r1 - e) * (c1 - e)
    e <- if (hi - lo < 1e-12) lo else uniroot(f, c(lo, hi), tol = 1e-14)$root
    v <- 1 / (1 / e + 1 / (r1 - e) + 1 / (c1 - e) + 1 / (r2 - c1 + e))
    stat <- stat + (a - e)^2 / v
    sa <- sa + a; se <- se + e; sv <- sv + v
  }
  tarone <- stat - (sa - se)^2 / sv
  list(statistic = stat, df = K - 1, pValue = pchisq(stat, K - 1, lower.tail = FALSE),
       tarone = tarone, taronePValue = pchisq(tarone, K - 1, lower.tail = FALSE), strata = K)
}

# 1. 2 x 2 x K tables ------------------------------------------------------------------------------------------------
# Each case: K strata of [events, non-events] for group 1 then group 2 (a, b, c, d per stratum).
cases <- list(
  list(name = "two sites, common odds ratio", t = c(12, 38, 20, 30, 15, 35, 24, 26)),
  list(name = "three sites, opposite effects", t = c(5, 95, 15, 85, 15, 85, 5, 95, 10, 90, 10, 90)),
  list(name = "three sites, one with an effect", t = c(30, 170, 28, 172, 31, 169, 29, 171, 60, 140, 25, 175)),
  list(name = "sparse strata with a zero cell", t = c(0, 10, 3, 7, 2, 8, 1, 9, 4, 6, 0, 10)),
  list(name = "Agresti 2013 table 6.9 (death penalty)", t = c(53, 414, 11, 37, 0, 16, 4, 139)),
  list(name = "unequal sizes, many strata", t = c(3, 40, 8, 35, 7, 120, 10, 118, 1, 9, 2, 8, 22, 300, 40, 290, 5, 60, 5, 55)),
  list(name = "effective counts (fractional)", t = c(12.4, 80.3, 20.6, 71.2, 9.5, 60.25, 15.75, 52.5))
)
rows <- list()
for (cs in cases) {
  K <- length(cs$t) / 4
  x <- array(0, c(2, 2, K))
  for (k in 1:K) {
    v <- cs$t[(4 * k - 3):(4 * k)]
    x[, , k] <- matrix(v, 2, byrow = TRUE)
  }
  # mantelhaen.test needs whole counts for its exact option only; the asymptotic test takes any non-negative counts
  m1 <- suppressWarnings(mantelhaen.test(x, correct = TRUE))
  m0 <- suppressWarnings(mantelhaen.test(x, correct = FALSE, conf.level = 0.9))
  bd <- breslow_day(x)
  rows[[length(rows) + 1]] <- list(name = cs$name, counts = cs$t,
    cmhCorrected = unname(m1$statistic), cmhCorrectedP = m1$p.value,
    cmh = unname(m0$statistic), cmhP = m0$p.value,
    oddsRatio = unname(m1$estimate), ci95 = as.numeric(m1$conf.int), ci90 = as.numeric(m0$conf.int),
    bd = bd$statistic, bdDf = bd$df, bdP = bd$pValue, tarone = bd$tarone, taroneP = bd$taronePValue, bdStrata = bd$strata)
}
cmh2 <- rows

# 2. I x J x K tables: the generalised CMH (general association) --------------------------------------------------------
gcases <- list(
  list(name = "3 groups x 2 outcomes x 2 sites", I = 3, J = 2, t = c(80, 20, 70, 30, 85, 15, 60, 40, 50, 50, 62, 38)),
  list(name = "5 groups x 2 outcomes x 3 sites", I = 5, J = 2,
       t = c(40, 5, 35, 9, 20, 4, 60, 6, 10, 2,   38, 7, 30, 12, 22, 3, 55, 9, 12, 1,   45, 3, 33, 10, 18, 6, 70, 4, 9, 3)),
  list(name = "3 x 3 x 2", I = 3, J = 3, t = c(10, 5, 3, 4, 12, 6, 2, 5, 9,   8, 6, 4, 5, 10, 7, 3, 4, 11)),
  list(name = "2 x 2 x 3 through the general formula", I = 2, J = 2, t = c(12, 38, 20, 30, 15, 35, 24, 26, 9, 41, 12, 38))
)
grows <- list()
for (cs in gcases) {
  K <- length(cs$t) / (cs$I * cs$J)
  x <- array(0, c(cs$I, cs$J, K))
  for (k in 1:K) x[, , k] <- matrix(cs$t[((k - 1) * cs$I * cs$J + 1):(k * cs$I * cs$J)], cs$I, byrow = TRUE)
  # for a 2 x 2 x K array mantelhaen.test uses the 1-df form; the general one is its uncorrected statistic
  m <- if (cs$I == 2 && cs$J == 2) mantelhaen.test(x, correct = FALSE) else mantelhaen.test(x)
  grows[[length(grows) + 1]] <- list(name = cs$name, rows = cs$I, cols = cs$J, counts = cs$t,
    statistic = unname(m$statistic), df = unname(m$parameter), pValue = m$p.value)
}
writeLines(c("{\"cmh2x2\":", "[", paste(vapply(cmh2, row_json, ""), collapse = ",\n"), "],",
             "\"generalized\":", "[", paste(vapply(grows, row_json, ""), collapse = ",\n"), "]}"),
           file.path(out, "stratified-tests.json"))

# 3. Logistic regression with a site term, cluster-robust by volunteer ------------------------------------------------
set.seed(2026)
groups <- c("female", "male")
eth <- c("white", "asian", "black")
sites <- c("london", "cardiff", "leeds")
d <- do.call(rbind, lapply(1:240, function(v) {
  s <- sites[1 + (v %% 3)]
  g <- groups[1 + ((v %/% 3) %% 2)]
  e <- sample(eth, 1)
  u <- rnorm(1, 0, 0.5)
  m <- 8 + (v %% 5)
  eta <- -1.6 + 0.5 * (g == "male") + 0.4 * (e == "black") + 0.7 * (s == "cardiff") - 0.3 * (s == "leeds") +
    0.9 * (g == "male" & s == "cardiff") + u
  data.frame(volunteer = v, group = g, ethnicity = e, site = s, trials = m, events = rbinom(1, m, plogis(eta)))
}))
write.csv(d, file.path(out, "stratified-logit.csv"), row.names = FALSE, quote = FALSE)
robust <- function(fit, cluster) {
  X <- model.matrix(fit)
  m <- d$trials
  p <- fitted(fit)
  U <- X * (d$events - m * p)
  Ug <- rowsum(U, cluster)
  G <- nrow(Ug)
  B <- solve(crossprod(X, X * (m * p * (1 - p))))
  G / (G - 1) * B %*% crossprod(Ug) %*% B
}
wald <- function(fit, V, pattern) {
  idx <- grep(pattern, names(coef(fit)))
  b <- coef(fit)[idx]
  w <- c(t(b) %*% solve(V[idx, idx, drop = FALSE], b))
  list(statistic = w, df = length(idx), pValue = pchisq(w, length(idx), lower.tail = FALSE))
}
models <- list()
add_model <- function(name, formula, tests) {
  d$group <<- factor(d$group, levels = groups)
  d$ethnicity <<- factor(d$ethnicity, levels = eth)
  d$site <<- factor(d$site, levels = sites)
  fit <- glm(formula, family = binomial, data = d)
  V <- robust(fit, d$volunteer)
  row <- list(name = name, terms = paste(names(coef(fit)), collapse = "|"), coef = unname(coef(fit)), se = unname(sqrt(diag(V))))
  for (t in names(tests)) {
    w <- wald(fit, V, tests[[t]])
    row[[paste0(t, "Statistic")]] <- w$statistic
    row[[paste0(t, "Df")]] <- w$df
    row[[paste0(t, "P")]] <- w$pValue
  }
  models[[length(models) + 1]] <<- row
}
add_model("group", cbind(events, trials - events) ~ group, list(group = "^group"))
add_model("group + site", cbind(events, trials - events) ~ group + site, list(group = "^group", site = "^site"))
add_model("group * site", cbind(events, trials - events) ~ group * site, list(interaction = ":"))
add_model("ethnicity", cbind(events, trials - events) ~ ethnicity, list(group = "^ethnicity"))
add_model("ethnicity + site", cbind(events, trials - events) ~ ethnicity + site, list(group = "^ethnicity", site = "^site"))
add_model("ethnicity * site", cbind(events, trials - events) ~ ethnicity * site, list(interaction = ":"))
write_rows(models, "stratified-logit.json")
cat("wrote", file.path(out, c("stratified-tests.json", "stratified-logit.csv", "stratified-logit.json")), sep = "\n")
