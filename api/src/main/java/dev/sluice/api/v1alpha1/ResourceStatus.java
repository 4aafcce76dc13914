package dev.sluice.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What every status has: the generation it describes and its conditions (Ready at least). */
public interface ResourceStatus {
  Long getObservedGeneration();

  List<Condition> getConditions();
}
