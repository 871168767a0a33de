# Reference values for Evenhand's statistics tests, computed with R (stats, sandwich).
# Run from the repository root:  Rscript scripts/r/make-stats-fixtures.R
# Writes small JSON and CSV files under harness/stats/fixtures/. R is not needed at test time.
suppressPackageStartupMessages(library(sandwich))
out <- "harness/stats/fixtures"
dir.create(out, showWarnings = FALSE, recursive = TRUE)

source("scripts/r/fixture-json.R")

# 1. Binomial intervals ------------------------------------------------------------------------------------------
# n up to 1e8, with k in the thousands and millions at large n (the incomplete beta's hard region: large shape
# parameters, x just beyond the mode); 975972 with k = 8439 is a filler-scale FPIR count
ns <- c(1, 2, 5, 10, 30, 100, 1000, 4000, 130000, 975972, 1e6, 5e6, 1e7, 1e8)
large_ks <- c(1000, 8439, 1e5, 1e6, 5e6)
levels <- c(0.9, 0.95, 0.99)
rows <- list()
wilson_r <- function(x, n, level, correct) {
  # prop.test's interval, with the null p chosen so the continuity correction is never shrunk by |x - n p|
  p0 <- if (abs(x - n * 0.5) >= 0.5) 0.5 else 0.25
  suppressWarnings(prop.test(x, n, p = p0, conf.level = level, correct = correct)$conf.int)
}
# binom.test's interval, by its own formulas (R 4.2 stats:::binom.test): binom.test itself also computes a two-sided
# p-value by summing dbinom over all n + 1 outcomes, too slow at n = 1e8
cp_r <- function(x, n, level, alternative = "two.sided") {
  p_l <- function(alpha) if (x == 0) 0 else qbeta(alpha, x, n - x + 1)
  p_u <- function(alpha) if (x == n) 1 else qbeta(1 - alpha, x + 1, n - x)
  if (alternative == "less") c(0, p_u(1 - level)) else c(p_l((1 - level) / 2), p_u((1 - level) / 2))
}
stopifnot(all.equal(cp_r(8439, 975972, 0.95), as.vector(binom.test(8439, 975972)$conf.int), tolerance = 0))
for (n in ns) {
  ks <- unique(c(0, 1, 2, 3, floor(n / 2), floor(0.89 * n), n - 1, n, if (n >= 975972) large_ks[large_ks < n]))
  ks <- ks[ks >= 0 & ks <= n]
  for (k in ks) for (level in levels) {
    a <- 1 - level
    cp <- cp_r(k, n, level)
    w <- wilson_r(k, n, level, FALSE)
    wc <- wilson_r(k, n, level, TRUE)
    jl <- if (k == 0) 0 else qbeta(a / 2, k + 0.5, n - k + 0.5)
    ju <- if (k == n) 1 else qbeta(1 - a / 2, k + 0.5, n - k + 0.5)
    up <- cp_r(k, n, level, "less")[2]
    rows[[length(rows) + 1]] <- list(k = k, n = n, level = level, cp = c(cp[1], cp[2]), wilson = c(w[1], w[2]),
      wilsonCC = c(wc[1], wc[2]), jeffreys = c(jl, ju), upperOneSided = up)
  }
}
write_rows(rows, "binomial-intervals.json")

# 1b. Beta quantiles directly, over shapes below 1, half-integers (Jeffreys), 1 and large, and levels from 1e-6 to 0.9995
shapes <- c(0.1, 0.5, 1, 1.5, 2, 3.5, 10, 82.5, 1000.5, 8439, 1e6, 1e8)
rows <- list()
for (a in shapes) for (b in shapes) for (p in c(1e-6, 0.005, 0.025, 0.3, 0.5, 0.975, 0.995, 0.9995)) {
  rows[[length(rows) + 1]] <- list(p = p, a = a, b = b, x = qbeta(p, a, b))
}
write_rows(rows, "beta-quantiles.json")

# 2. Chi-square and Fisher tests -----------------------------------------------------------------------------------
tables <- list(
  matrix(c(12, 5, 7, 15), 2),
  matrix(c(3, 1, 1, 3), 2),
  matrix(c(0, 10, 5, 5), 2),
  matrix(c(89, 11, 80, 20, 95, 5), 2),
  matrix(c(2, 398, 0, 400, 5, 395, 1, 150), 2),
  matrix(c(356, 44, 340, 60, 372, 28, 110, 20, 95, 15), 2),
  matrix(c(1, 2, 0, 3, 4, 1, 0, 2, 5), 3),
  matrix(c(10, 3, 2, 4, 12, 5, 1, 2, 9, 3, 3, 4), 3),
  matrix(c(0, 1200, 3, 1800, 1, 900, 0, 400, 2, 700), 2),
  matrix(c(7, 2, 3, 8), 2)
)
rows <- list()
for (t in tables) {
  ch <- suppressWarnings(chisq.test(t, correct = FALSE))
  chy <- suppressWarnings(chisq.test(t, correct = TRUE))
  fi <- fisher.test(t, workspace = 2e7)
  rows[[length(rows) + 1]] <- list(rows = nrow(t), cols = ncol(t), counts = as.vector(t(t)),
    chisq = unname(ch$statistic), df = unname(ch$parameter), chisqP = ch$p.value,
    chisqYates = unname(chy$statistic), chisqYatesP = chy$p.value, minExpected = min(ch$expected),
    fisherP = fi$p.value)
}
write_rows(rows, "contingency-tests.json")

# chi-square distribution upper tail
rows <- list()
for (df in c(1, 2, 3, 4, 7, 17, 100)) for (x in c(0.001, 0.5, 1, 3.84, 10, 40, 150)) {
  rows[[length(rows) + 1]] <- list(x = x, df = df, upper = pchisq(x, df, lower.tail = FALSE), lower = pchisq(x, df))
}
write_rows(rows, "chisq-distribution.json")

# F distribution upper tail (the design-corrected homogeneity and pairwise tests); df2 = 390 is 400 volunteers in 10 groups
rows <- list()
for (d1 in c(1, 2, 4, 9)) for (d2 in c(3, 18, 390, 1e5)) for (x in c(0.01, 0.5, 1, 1.9, 4, 12, 60)) {
  rows[[length(rows) + 1]] <- list(x = x, d1 = d1, d2 = d2, upper = pf(x, d1, d2, lower.tail = FALSE))
}
write_rows(rows, "f-distribution.json")

# two-sample proportion tests (pooled z = prop.test without correction) and p.adjust
rows <- list()
pairs <- list(c(89, 100, 80, 100), c(356, 400, 340, 400), c(5, 400, 1, 150), c(0, 50, 3, 60), c(10, 10, 9, 10))
for (p in pairs) {
  pt <- suppressWarnings(prop.test(c(p[1], p[3]), c(p[2], p[4]), correct = FALSE))
  rows[[length(rows) + 1]] <- list(k1 = p[1], n1 = p[2], k2 = p[3], n2 = p[4], pValue = pt$p.value)
}
write_rows(rows, "two-proportion.json")
pv <- c(0.01, 0.04, 0.03, 0.005, 0.2, 0.04, 0.6, 1e-5)
write_rows(list(list(p = pv, holm = p.adjust(pv, "holm"), bh = p.adjust(pv, "BH"), bonferroni = p.adjust(pv, "bonferroni"))), "p-adjust.json")

# 3. Power and sample size (power.prop.test, two-sided) ---------------------------------------------------------------
rows <- list()
for (p1 in c(0.89, 0.8, 0.5, 0.1)) for (d in c(0.05, 0.1)) for (pw in c(0.8, 0.9)) for (a in c(0.05, 0.01)) {
  p2 <- p1 - d
  r <- power.prop.test(p1 = p1, p2 = p2, power = pw, sig.level = a, tol = 1e-12)
  pn <- power.prop.test(n = 100, p1 = p1, p2 = p2, sig.level = a)$power
  rows[[length(rows) + 1]] <- list(p1 = p1, p2 = p2, power = pw, alpha = a, n = r$n, powerAt100 = pn)
}
write_rows(rows, "power-prop.json")

# 4. Logistic regression with cluster-robust (sandwich) standard errors --------------------------------------------
set.seed(20231)
make_data <- function(nsub, passes, empty) {
  sex <- sample(c("female", "male"), nsub, replace = TRUE)
  eth <- sample(c("asian", "black", "white", "other"), nsub, replace = TRUE, prob = c(0.25, 0.25, 0.4, 0.1))
  if (empty) eth[sex == "female" & eth == "other"] <- "white"
  u <- rnorm(nsub, 0, 0.6)
  d <- data.frame(subject = rep(seq_len(nsub), each = passes), sex = rep(sex, each = passes), eth = rep(eth, each = passes))
  lp <- -2 + 0.4 * (d$sex == "male") + 0.5 * (d$eth == "black") - 0.3 * (d$eth == "white") + u[d$subject]
  d$y <- rbinom(nrow(d), 1, plogis(lp))
  d
}
fits <- list()
for (case in list(list(name = "logit-full", nsub = 300, passes = 8, empty = FALSE, epsilon = 1e-14),
                  list(name = "logit-empty-cell", nsub = 200, passes = 6, empty = TRUE, epsilon = 1e-8))) {
  d <- make_data(case$nsub, case$passes, case$empty)
  d$sex <- factor(d$sex, levels = c("female", "male"))
  d$eth <- factor(d$eth, levels = c("white", "asian", "black", "other"))
  write.csv(d[, c("subject", "sex", "eth", "y")], file.path(out, paste0(case$name, ".csv")), row.names = FALSE)
  # tight convergence where the fit converges (R's default 1e-8 leaves 2e-6 in the coefficients); the empty-cell
  # case keeps the default, under which R reports the aliased interaction as NA
  fit <- glm(y ~ sex * eth, family = binomial, data = d, control = glm.control(epsilon = case$epsilon, maxit = 100))
  keep <- !is.na(coef(fit))
  V <- vcovCL(fit, cluster = ~subject)
  se <- sqrt(diag(V))
  fits[[length(fits) + 1]] <- list(name = case$name, terms = paste(names(coef(fit))[keep], collapse = "|"),
    dropped = paste(names(coef(fit))[!keep], collapse = "|"), coef = unname(coef(fit)[keep]), se = unname(se),
    vcov = as.vector(V))
}
write_rows(fits, "logistic-cluster.json")

# separation: a group that never has the outcome
d <- data.frame(subject = 1:60, sex = factor(rep(c("female", "male"), 30)), y = c(rep(0, 30), rep(c(0, 1), 15))[order(rep(c(1, 2), 30))])
d$y <- ifelse(d$sex == "female", 0, rep(c(0, 1, 1), 10))
write.csv(d, file.path(out, "logit-separation.csv"), row.names = FALSE)
cat("fixtures written to", out, "\n")
