package dev.orchestrate.billing;

import java.math.BigDecimal;
import java.time.ZoneId;
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
 * @param timeZone where a day and a month of spending limits and usage begin and end ({@code
 *     ORCHESTRATE_BILLING_TIME_ZONE}); Seoul by default, as the product's users are Korean
 */
@ConfigurationProperties("orchestrate.billing")
public record BillingProperties(
    @DefaultValue("10000") BigDecimal signupCredits,
    @DefaultValue("1400") BigDecimal creditsPerUsd,
    @DefaultValue("KRW") String currency,
    @DefaultValue(DEFAULT_TIME_ZONE) ZoneId timeZone) {

  static final String DEFAULT_TIME_ZONE = "Asia/Seoul";
}
