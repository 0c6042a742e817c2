package dev.orchestrate.billing;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Credit settings.
 *
 * @param signupCredits credits granted with the personal workspace at sign-up ({@code
 *     ORCHESTRATE_SIGNUP_CREDITS})
 * @param creditsPerUsd how many credits one US dollar of provider cost is ({@code
 *     ORCHESTRATE_CREDITS_PER_USD})
 * @param currency the one currency credits are counted in
 */
@ConfigurationProperties("orchestrate.billing")
public record BillingProperties(
    @DefaultValue("10000") BigDecimal signupCredits,
    @DefaultValue("1400") BigDecimal creditsPerUsd,
    @DefaultValue("KRW") String currency) {}
