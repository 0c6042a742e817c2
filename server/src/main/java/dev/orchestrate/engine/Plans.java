package dev.orchestrate.engine;

import dev.orchestrate.pipeline.PipelineService;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Compiled plans, cached per pipeline version (versions never change once saved). */
@Component
class Plans {

  private static final int MAX_CACHED = 500;

  private final PipelineService pipelines;
  private final Map<Key, Plan> cache =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Plan> eldest) {
              return size() > MAX_CACHED;
            }
          });

  Plans(PipelineService pipelines) {
    this.pipelines = pipelines;
  }

  Plan get(UUID workspaceId, UUID pipelineId, int version) {
    Key key = new Key(pipelineId, version);
    Plan plan = cache.get(key);
    if (plan == null) {
      plan = Plan.compile(pipelines.definition(workspaceId, pipelineId, version));
      cache.put(key, plan);
    }
    return plan;
  }

  private record Key(UUID pipelineId, int version) {}
}
