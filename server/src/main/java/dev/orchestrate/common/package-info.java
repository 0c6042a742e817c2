/** Small types every module shares: the error hierarchy the web layer maps to problem+json. */
@org.springframework.modulith.ApplicationModule(
    type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.orchestrate.common;
